package org.boltzmann4j.model.flow;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.boltzmann4j.model.nn.Activations;
import org.boltzmann4j.model.nn.NativeArray;

/**
 * Coupling flow for a real field on a rows × cols torus with checkerboard masks and convolutional
 * conditioners (Albergo, Kanwar and Shanahan 2019). Layer l moves the sites of colour
 * (x + y) mod 2 = l mod 2 given the others, each by a map whose P numbers are
 * C₃ tanh(C₂ tanh(C₁ φ_A)) read at the site, C_i 3 × 3 circular convolutions 1 → H → H → P of the
 * field whose moved sites are zeroed. Affine couplings (P = 2): φ_B → φ_B e^s + t, s = c tanh(raw / c).
 * Spline couplings (P = 3K − 1): a monotone rational-quadratic spline with K bins on [−B, B]
 * ({@link RationalQuadraticSpline}), which can give a site's conditional distribution a shape a
 * Gaussian has not (the skewed single-site wells of φ⁴). The last convolution starts at zero: a new
 * flow is the identity. ln q(x) = ln p(z) − ln |det ∂f/∂z| is exact.
 *
 * <p>Shared weights make every layer commute with the translations that keep the checkerboard,
 * (dx, dy) with dx + dy even, when rows and cols are even: then f(T z) = T f(z) exactly, and
 * ln q(T x) = ln q(x) for a translation-invariant base. With {@code z2} the conditioner is
 * evaluated on φ_A and −φ_A, s taken as the even and t as the odd part of its output (a spline's
 * numbers as the mean of those on φ_A and the mirror image of those on −φ_A), so that
 * f(−z) = −f(z) and ln q(−x) = ln q(x) for a base symmetric about 0 (at twice the cost).
 * Convolutions are im2col + GEMM ({@link CircularConv}); the rest is {@link CouplingFlow}'s.
 * Not thread-safe.
 */
public final class ConvFlow extends CouplingFlow {

    public static final String FILE = "convflow.bin";
    private static final long MAGIC = 0x42344a434f4e5632L; // "B4JCONV2": V1 had no spline fields

    private final ConvFlowConfig config;
    private final NativeArray weights;
    private final Layer[] layers;
    private final int h;
    private final double c;
    /** Numbers per moved site: 2 (affine) or 3K − 1 (spline). */
    private final int outputs;
    private final RationalQuadraticSpline spline;
    private final Activations math = new Activations();
    private CircularConv.Workspace workspace;
    private Activity shared;
    private double[] gradA1;
    private double[] gradA2;
    private double[] gradImage;
    private double[] gradOut;

    private ConvFlow(ConvFlowConfig config, BaseDistribution base) {
        super("convflow", base, config.dimension(), parameterCount(config), config.couplings(),
                config.learningRate(), config.clipNorm());
        this.config = config;
        this.h = config.channels();
        this.c = config.scaleBound();
        this.outputs = outputs(config);
        this.spline = config.spline() ? new RationalQuadraticSpline(config.bins(), config.splineBound()) : null;
        this.weights = NativeArray.allocate(params.length, config.float32());
        int[] taps = CircularConv.taps(config.rows(), config.cols());
        int[] all = new int[d];
        for (int i = 0; i < d; i++) {
            all[i] = i;
        }
        this.layers = new Layer[config.couplings()];
        int offset = 0;
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new Layer(colour(l % 2, true), colour(l % 2, false), taps, all, offset);
            offset += layerParameters(h, outputs);
        }
    }

    private static int outputs(ConvFlowConfig config) {
        return config.spline() ? RationalQuadraticSpline.parameters(config.bins()) : 2;
    }

    private static int layerParameters(int h, int outputs) {
        return CircularConv.parameterCount(1, h) + CircularConv.parameterCount(h, h)
                + CircularConv.parameterCount(h, outputs);
    }

    private static int parameterCount(ConvFlowConfig config) {
        return config.couplings() * layerParameters(config.channels(), outputs(config));
    }

    /** The sites of colour (x + y) mod 2 = colour (or of the other colour). */
    private int[] colour(int colour, boolean of) {
        int cols = config.cols();
        return IntStream.range(0, d)
                .filter(i -> ((i % cols + i / cols) % 2 == colour) == of).toArray();
    }

    /** A new flow, the identity map, with the hidden convolutions drawn from {@code seed}. */
    public static ConvFlow create(ConvFlowConfig config, BaseDistribution base, long seed) {
        ConvFlow flow = new ConvFlow(config, base);
        SplittableRandom rng = new SplittableRandom(seed);
        for (Layer layer : flow.layers) {
            layer.conv1.initialize(rng, false);
            layer.conv2.initialize(rng, false);
            layer.conv3.initialize(rng, true);
        }
        flow.parametersChanged();
        return flow;
    }

    /**
     * This flow, its weights, base and optimizer state, with the network arithmetic in float32 (or
     * float64): the same density up to the rounding of the other precision.
     */
    public ConvFlow withFloat32(boolean float32) {
        return copyStateTo(new ConvFlow(config.withFloat32(float32), base));
    }

    /**
     * This flow's couplings, parameters and optimizer state, on a rows × cols torus with the given
     * base: the convolutions do not depend on the lattice size, so a flow trained on a small lattice
     * starts a larger one (the same local map on every checkerboard site).
     */
    public ConvFlow onLattice(int rows, int cols, BaseDistribution base) {
        return copyStateTo(new ConvFlow(config.onLattice(rows, cols), base));
    }

    public ConvFlowConfig config() {
        return config;
    }

    @Override
    void layerForward(int l, double[] in, double[] out, int n, double[] logdet, boolean keep) {
        Layer layer = layers[l];
        Activity a = layer.condition(in, n, keep);
        System.arraycopy(in, 0, out, 0, n * d);
        int[] moved = layer.moved;
        int nB = moved.length;
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int j = 0; j < nB; j++) {
                int i = k * d + moved[j];
                int q = k * nB + j;
                if (spline != null) {
                    spline.knots(a.theta, q * outputs);
                    out[i] = spline.forward(in[i]);
                    sum += spline.logSlope();
                } else {
                    out[i] = in[i] * a.expS[q] + a.t[q];
                    sum += a.s[q];
                }
            }
            logdet[k] += sum;
        }
    }

    @Override
    void layerInverse(int l, double[] in, double[] out, int n, double[] logdet, boolean keep) {
        Layer layer = layers[l];
        Activity a = layer.condition(in, n, keep);
        System.arraycopy(in, 0, out, 0, n * d);
        int[] moved = layer.moved;
        int nB = moved.length;
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int j = 0; j < nB; j++) {
                int i = k * d + moved[j];
                int q = k * nB + j;
                if (spline != null) {
                    spline.knots(a.theta, q * outputs);
                    out[i] = spline.inverse(in[i]);
                    sum += spline.logSlope();
                } else {
                    out[i] = (in[i] - a.t[q]) / a.expS[q];
                    sum += a.s[q];
                }
            }
            logdet[k] -= sum;
        }
    }

    @Override
    void layerBackpropForward(int l, double[] g, double[] in, int n, boolean inputGradient) {
        Layer layer = layers[l];
        Activity a = layer.kept;
        int[] moved = layer.moved;
        int nB = moved.length;
        double invN = 1.0 / n;
        double[] go = gradOut;
        if (spline != null) {
            splineBackprop(layer, g, in, n, false, inputGradient);
            return;
        }
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < nB; j++) {
                int i = k * d + moved[j];
                int q = k * nB + j;
                double gy = g[i];
                double e = a.expS[q];
                double sc = a.s[q] / c;
                go[2 * q] = (gy * in[i] * e - invN) * (1 - sc * sc);
                go[2 * q + 1] = gy;
                g[i] = gy * e;
            }
        }
        layer.backpropConditioner(g, n, inputGradient);
    }

    @Override
    void layerBackpropInverse(int l, double[] g, double[] out, int n, boolean inputGradient) {
        Layer layer = layers[l];
        Activity a = layer.kept;
        int[] moved = layer.moved;
        int nB = moved.length;
        double invN = 1.0 / n;
        double[] go = gradOut;
        if (spline != null) {
            splineBackprop(layer, g, out, n, true, inputGradient);
            return;
        }
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < nB; j++) {
                int i = k * d + moved[j];
                int q = k * nB + j;
                double gx = g[i] / a.expS[q];
                double sc = a.s[q] / c;
                go[2 * q] = (invN - g[i] * out[i]) * (1 - sc * sc);
                go[2 * q + 1] = -gx;
                g[i] = gx;
            }
        }
        layer.backpropConditioner(g, n, inputGradient);
    }

    /**
     * The spline couplings' backward pass at the moved sites' x (the layer's input in the generative
     * direction): ∂L/∂θ into gradOut and ∂L/∂(the pass's input) into g, then through the conditioner.
     * Forward pass y = T(x; θ), loss − ℓ/n; inverse pass x = T⁻¹(y; θ), loss + ℓ(x)/n, with
     * ∂x/∂y = 1/T′ and ∂x/∂θ = −(∂T/∂θ)/T′.
     */
    private void splineBackprop(Layer layer, double[] g, double[] x, int n, boolean inverse, boolean inputGradient) {
        Activity a = layer.kept;
        int[] moved = layer.moved;
        int nB = moved.length;
        double invN = 1.0 / n;
        Arrays.fill(gradOut, 0, n * nB * outputs, 0);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < nB; j++) {
                int i = k * d + moved[j];
                int q = k * nB + j;
                spline.knots(a.theta, q * outputs);
                spline.forward(x[i]);
                if (inverse) {
                    double gx = (g[i] + invN * spline.logSlopeDx()) / spline.slopeAt();
                    spline.backward(-gx, invN, gradOut, q * outputs);
                    g[i] = gx;
                } else {
                    g[i] = spline.backward(g[i], -invN, gradOut, q * outputs);
                }
            }
        }
        layer.backpropConditioner(g, n, inputGradient);
    }

    /** Conditioner evaluations per configuration: 2 with z2 (φ_A and −φ_A), else 1. */
    private int copies() {
        return config.z2() ? 2 : 1;
    }

    @Override
    void growLayers(int n) {
        int m = copies() * n;
        workspace = new CircularConv.Workspace(m, d, h, Math.max(h, outputs), config.float32());
        shared = new Activity(n, m, d, h, outputs);
        gradA1 = new double[m * d * h];
        gradA2 = new double[m * d * h];
        gradImage = new double[m * d];
        gradOut = new double[outputs * m * d];
    }

    @Override
    void parametersChanged() {
        weights.write(params, 0, params.length);
    }

    /** One coupling: its sites and convolutions, and the activations its last kept pass left. */
    private final class Layer {
        final int[] moved;
        final int[] frozen;
        final CircularConv conv1;
        final CircularConv conv2;
        final CircularConv conv3;
        Activity kept;

        Layer(int[] moved, int[] frozen, int[] taps, int[] all, int offset) {
            this.moved = moved;
            this.frozen = frozen;
            int o2 = offset + CircularConv.parameterCount(1, h);
            int o3 = o2 + CircularConv.parameterCount(h, h);
            conv1 = new CircularConv(d, 1, h, taps, all, params, gradient, weights, offset);
            conv2 = new CircularConv(d, h, h, taps, all, params, gradient, weights, o2);
            conv3 = new CircularConv(d, h, outputs, taps, moved, params, gradient, weights, o3);
        }

        /** s, e^s and t at the moved sites of the n configurations in x. */
        Activity condition(double[] x, int n, boolean keep) {
            Activity a = shared;
            if (keep) {
                if (kept == null || kept.capacity < shared.capacity) {
                    kept = new Activity(shared.capacity, copies() * shared.capacity, d, h, outputs);
                }
                a = kept;
            }
            int m = copies() * n;
            double[] image = a.image;
            Arrays.fill(image, 0, m * d, 0);
            for (int k = 0; k < n; k++) {
                for (int i : frozen) {
                    image[k * d + i] = x[k * d + i];
                }
            }
            if (config.z2()) {
                for (int i = 0; i < n * d; i++) {
                    image[n * d + i] = -image[i];
                }
            }
            conv1.forward(image, m, a.a1, workspace);
            math.tanh(a.a1, 0, m * d * h);
            conv2.forward(a.a1, m, a.a2, workspace);
            math.tanh(a.a2, 0, m * d * h);
            conv3.forward(a.a2, m, a.out, workspace);
            int nB = moved.length;
            double[] out = a.out;
            if (spline != null) {
                splineNumbers(a, n * nB);
                return a;
            }
            double invC = 1 / c;
            for (int q = 0; q < n * nB; q++) {
                if (config.z2()) {
                    int r = q + n * nB;
                    a.s[q] = 0.5 * (out[2 * q] + out[2 * r]) * invC;
                    a.t[q] = 0.5 * (out[2 * q + 1] - out[2 * r + 1]);
                } else {
                    a.s[q] = out[2 * q] * invC;
                    a.t[q] = out[2 * q + 1];
                }
            }
            math.tanh(a.s, 0, n * nB);
            for (int q = 0; q < n * nB; q++) {
                a.s[q] *= c;
            }
            System.arraycopy(a.s, 0, a.expS, 0, n * nB);
            math.exp(a.expS, 0, n * nB);
            return a;
        }

        /** θ at each of the {@code sites} moved sites: the output, or with z2 its mean with the mirror of the output on −φ_A. */
        private void splineNumbers(Activity a, int sites) {
            if (!config.z2()) {
                System.arraycopy(a.out, 0, a.theta, 0, sites * outputs);
                return;
            }
            int bins = config.bins();
            for (int q = 0; q < sites; q++) {
                int at = q * outputs;
                RationalQuadraticSpline.mirror(bins, a.out, (q + sites) * outputs, a.theta, at);
                for (int p = 0; p < outputs; p++) {
                    a.theta[at + p] = 0.5 * (a.out[at + p] + a.theta[at + p]);
                }
            }
        }

        /** Backward through the conditioner from ∂L/∂(its P numbers) in gradOut; adds ∂L/∂φ_A to g. */
        void backpropConditioner(double[] g, int n, boolean inputGradient) {
            int m = copies() * n;
            int nB = moved.length;
            double[] go = gradOut;
            if (spline != null && config.z2()) {
                int sites = n * nB;
                for (int q = sites - 1; q >= 0; q--) {
                    int at = q * outputs;
                    RationalQuadraticSpline.mirror(config.bins(), go, at, go, (q + sites) * outputs);
                    for (int p = 0; p < outputs; p++) {
                        go[at + p] *= 0.5;
                        go[(q + sites) * outputs + p] *= 0.5;
                    }
                }
            } else if (config.z2()) {
                for (int q = n * nB - 1; q >= 0; q--) {
                    int r = q + n * nB;
                    double gs = 0.5 * go[2 * q];
                    double gt = 0.5 * go[2 * q + 1];
                    go[2 * q] = gs;
                    go[2 * q + 1] = gt;
                    go[2 * r] = gs;
                    go[2 * r + 1] = -gt;
                }
            }
            Activity a = kept;
            conv3.backward(a.a2, go, m, gradA2, workspace);
            deactivate(gradA2, a.a2, m * d * h);
            conv2.backward(a.a1, gradA2, m, gradA1, workspace);
            deactivate(gradA1, a.a1, m * d * h);
            conv1.backward(a.image, gradA1, m, inputGradient ? gradImage : null, workspace);
            if (inputGradient) {
                for (int k = 0; k < n; k++) {
                    for (int i : frozen) {
                        int at = k * d + i;
                        g[at] += config.z2() ? gradImage[at] - gradImage[n * d + at] : gradImage[at];
                    }
                }
            }
        }
    }

    /** g ← g (1 − a²): through tanh, from its output a. */
    private static void deactivate(double[] g, double[] a, int count) {
        for (int i = 0; i < count; i++) {
            g[i] *= 1 - a[i] * a[i];
        }
    }

    /**
     * A conditioner's activations for up to {@code capacity} configurations (m field copies): log-scales s,
     * e^s and shifts t for affine couplings, the spline numbers θ for spline couplings (the others null).
     */
    private static final class Activity {
        final int capacity;
        final double[] image;
        final double[] a1;
        final double[] a2;
        final double[] out;
        final double[] s;
        final double[] expS;
        final double[] t;
        final double[] theta;

        Activity(int capacity, int m, int d, int h, int outputs) {
            this.capacity = capacity;
            image = new double[m * d];
            a1 = new double[m * d * h];
            a2 = new double[m * d * h];
            out = new double[outputs * m * d];
            boolean spline = outputs > 2;
            s = spline ? null : new double[capacity * d];
            expS = spline ? null : new double[capacity * d];
            t = spline ? null : new double[capacity * d];
            theta = spline ? new double[outputs * capacity * d] : null;
        }
    }

    @Override
    public void save(Path dir) {
        save(dir, FILE, MAGIC, out -> {
            out.writeInt(config.rows());
            out.writeInt(config.cols());
            out.writeInt(config.channels());
            out.writeInt(config.couplings());
            out.writeBoolean(config.z2());
            out.writeBoolean(config.float32());
            out.writeDouble(config.learningRate());
            out.writeDouble(config.clipNorm());
            out.writeDouble(config.scaleBound());
            out.writeInt(config.bins());
            out.writeDouble(config.splineBound());
        });
    }

    /** Reads a flow written by {@link #save}, optimizer state included. */
    public static ConvFlow load(Path dir) {
        return load(dir, FILE, MAGIC, "convflow", in -> {
            ConvFlowConfig config = new ConvFlowConfig(in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                    in.readBoolean(), in.readBoolean(), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt(),
                    in.readDouble());
            return new ConvFlow(config, readBase(in, config.dimension()));
        });
    }
}
