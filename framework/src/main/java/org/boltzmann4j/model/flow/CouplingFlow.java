package org.boltzmann4j.model.flow;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.model.BatchEnergyGradient;
import org.boltzmann4j.model.nn.Adam;

/**
 * What every stack of coupling layers x = f_{K−1} ∘ … ∘ f_0 (z) shares, whatever its layers:
 * sampling and density with ln q(x) = ln p(z) − ln |det ∂f/∂z|, the maximum-likelihood and
 * reverse-KL gradients by backpropagation through the layers, the guarded Adam step, batch buffers
 * that grow to the largest batch seen, and the arrays of the saved file. Subclasses supply the
 * layers' passes. Not thread-safe.
 */
abstract sealed class CouplingFlow implements Flow permits RealNvp, ConvFlow {

    /** Adam steps over which the learning rate ramps up, so early steps do not wreck a good base. */
    static final int LEARNING_RATE_WARMUP = 100;

    private final String family;
    final int d;
    final BaseDistribution base;
    final double[] params;
    final double[] gradient;
    final Adam adam;
    private final int layerCount;
    private int capacity;
    /** states[l]: the batch between layer l − 1 and layer l; states[0] is z. */
    private double[][] states;
    private double[] flowGradient;
    private double[] logp;
    private double[] logdet;
    private double[] energies;

    /**
     * @param family     the flow's name in messages
     * @param parameters number of trainable parameters
     * @param layers     number of coupling layers
     */
    CouplingFlow(String family, BaseDistribution base, int dimension, int parameters, int layers,
                 double learningRate, double clipNorm) {
        if (base.dimension() != dimension) {
            throw B4jException.badInput("base distribution has dimension %d, flow has %d", base.dimension(), dimension);
        }
        this.family = family;
        this.d = dimension;
        this.base = base;
        this.params = new double[parameters];
        this.gradient = new double[parameters];
        this.layerCount = layers;
        this.adam = new Adam(parameters, learningRate, clipNorm, LEARNING_RATE_WARMUP);
    }

    /** Layer l, generative direction: out = f_l(in); adds ln |det ∂f_l| to logdet; keep: for backpropagation. */
    abstract void layerForward(int l, double[] in, double[] out, int n, double[] logdet, boolean keep);

    /** Layer l, normalizing direction: out = f_l⁻¹(in); subtracts ln |det ∂f_l| from logdet. */
    abstract void layerInverse(int l, double[] in, double[] out, int n, double[] logdet, boolean keep);

    /**
     * Backward pass of layer l after a kept {@link #layerForward}, for a loss L − Σ ln|det ∂f_l| / n:
     * g = ∂L/∂out becomes ∂L/∂in in place; writes the layer's parameter gradient.
     */
    abstract void layerBackpropForward(int l, double[] g, double[] in, int n, boolean inputGradient);

    /** Backward pass of layer l after a kept {@link #layerInverse}, for a loss L + Σ ln|det ∂f_l| / n; {@code out} its output. */
    abstract void layerBackpropInverse(int l, double[] g, double[] out, int n, boolean inputGradient);

    /** Grows the layers' buffers to batches of n. */
    abstract void growLayers(int n);

    /** Copies the parameters to wherever the layers read them (native weights). */
    abstract void parametersChanged();

    /** The base density of z. */
    public final BaseDistribution base() {
        return base;
    }

    @Override
    public final int dimension() {
        return d;
    }

    @Override
    public final int parameterCount() {
        return params.length;
    }

    @Override
    public final void sample(int n, RandomGenerator rng, double[] xs, double[] logq) {
        prepare(n, xs, logq);
        base.sample(n, rng, states[0], logp);
        push(n, xs, false);
        for (int k = 0; k < n; k++) {
            logq[k] = logp[k] - logdet[k];
        }
    }

    @Override
    public final void logDensity(double[] xs, int n, double[] logq) {
        prepare(n, xs, logq);
        pull(xs, n, false);
        base.logDensity(states[0], n, logp);
        for (int k = 0; k < n; k++) {
            logq[k] = logp[k] + logdet[k];
        }
    }

    @Override
    public final double maximumLikelihoodStep(double[] xs, int n) {
        double loss = maximumLikelihoodGradient(xs, n);
        update();
        return loss;
    }

    @Override
    public final double reverseKlStep(int n, RandomGenerator rng, BatchEnergyGradient target) {
        double loss = reverseKlGradient(n, rng, target);
        update();
        return loss;
    }

    /** Mean −ln q of the batch; leaves its gradient with respect to the parameters in {@link #gradient()}. */
    final double maximumLikelihoodGradient(double[] xs, int n) {
        prepare(n, xs, null);
        pull(xs, n, true);
        double[] g = flowGradient;
        base.logDensityAndGradient(states[0], n, logp, g);
        double loss = 0;
        for (int k = 0; k < n; k++) {
            loss -= logp[k] + logdet[k];
        }
        loss /= n;
        checkLoss("maximum-likelihood", loss);
        double scale = -1.0 / n;
        for (int i = 0, end = n * d; i < end; i++) {
            g[i] *= scale;
        }
        for (int l = 0; l < layerCount; l++) {
            layerBackpropInverse(l, g, states[l], n, l < layerCount - 1);
        }
        return loss;
    }

    /** Mean U + ln q of a fresh batch; leaves its gradient with respect to the parameters in {@link #gradient()}. */
    final double reverseKlGradient(int n, RandomGenerator rng, BatchEnergyGradient target) {
        prepare(n, null, null);
        base.sample(n, rng, states[0], logp);
        double[] x = states[layerCount];
        push(n, x, true);
        double[] g = flowGradient;
        target.energiesAndGradients(x, n, energies, g);
        double loss = 0;
        for (int k = 0; k < n; k++) {
            loss += energies[k] + logp[k] - logdet[k];
        }
        loss /= n;
        checkLoss("reverse-KL", loss);
        double scale = 1.0 / n;
        for (int i = 0, end = n * d; i < end; i++) {
            g[i] *= scale;
        }
        for (int l = layerCount - 1; l >= 0; l--) {
            layerBackpropForward(l, g, states[l], n, l > 0);
        }
        return loss;
    }

    private void checkLoss(String what, double loss) {
        if (!Double.isFinite(loss)) {
            throw B4jException.failure("%s %s training diverged: loss is %s", family, what, loss);
        }
    }

    /** z = states[0] → x through every layer; logdet = ln |det ∂f/∂z|; keep: for backpropagation. */
    private void push(int n, double[] x, boolean keep) {
        Arrays.fill(logdet, 0, n, 0);
        for (int l = 0; l < layerCount; l++) {
            layerForward(l, states[l], l == layerCount - 1 ? x : states[l + 1], n, logdet, keep);
        }
    }

    /** x → z = states[0] through every layer in reverse; logdet = ln |det ∂f⁻¹/∂x|; keep: for backpropagation. */
    private void pull(double[] x, int n, boolean keep) {
        Arrays.fill(logdet, 0, n, 0);
        for (int l = layerCount - 1; l >= 0; l--) {
            layerInverse(l, l == layerCount - 1 ? x : states[l + 1], states[l], n, logdet, keep);
        }
    }

    /** One Adam step, refused (before it touches the parameters) when the gradient is not finite. */
    private void update() {
        double[] g = gradient;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < g.length; i += 4) {
            s0 += g[i] * g[i];
            s1 += g[i + 1] * g[i + 1];
            s2 += g[i + 2] * g[i + 2];
            s3 += g[i + 3] * g[i + 3];
        }
        for (; i < g.length; i++) {
            s0 += g[i] * g[i];
        }
        double norm = Math.sqrt(s0 + s1 + s2 + s3);
        if (!Double.isFinite(norm)) {
            throw B4jException.failure("%s training diverged: gradient norm is %s", family, norm);
        }
        adam.step(params, gradient);
        parametersChanged();
    }

    private void prepare(int n, double[] xs, double[] logq) {
        if (n < 1 || (xs != null && xs.length < n * d) || (logq != null && logq.length < n)) {
            throw B4jException.badInput("batch of %d configurations of dimension %d does not fit arrays of %d and %d",
                    n, d, xs == null ? n * d : xs.length, logq == null ? n : logq.length);
        }
        if (n <= capacity) {
            return;
        }
        capacity = n;
        growLayers(n);
        states = new double[layerCount + 1][n * d];
        flowGradient = new double[n * d];
        logp = new double[n];
        logdet = new double[n];
        energies = new double[n];
    }

    /** The live parameter vector; call {@link #parametersChanged()} after writing it. */
    final double[] parameters() {
        return params;
    }

    /** The gradient left by the last loss evaluation. */
    final double[] gradient() {
        return gradient;
    }

    /** x = f(z) and ln |det ∂f/∂z| for n points. */
    final void forward(double[] z, int n, double[] x, double[] logDetJacobian) {
        prepare(n, z, logDetJacobian);
        System.arraycopy(z, 0, states[0], 0, n * d);
        push(n, x, false);
        System.arraycopy(logdet, 0, logDetJacobian, 0, n);
    }

    /** z = f⁻¹(x) and ln |det ∂f⁻¹/∂x| for n points. */
    final void inverse(double[] x, int n, double[] z, double[] logDetJacobian) {
        prepare(n, x, logDetJacobian);
        pull(x, n, false);
        System.arraycopy(states[0], 0, z, 0, n * d);
        System.arraycopy(logdet, 0, logDetJacobian, 0, n);
    }

    /** {@code copy}, a flow of the same shape and base, given this flow's parameters and optimizer state. */
    final <F extends CouplingFlow> F copyStateTo(F copy) {
        System.arraycopy(params, 0, copy.params, 0, params.length);
        copy.adam.restore(adam.state());
        copy.parametersChanged();
        return copy;
    }

    /** Writes a flow's shape after the magic number of its file. */
    @FunctionalInterface
    interface Shape {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads a flow's shape and base and builds the flow, whose parameters are read next. */
    @FunctionalInterface
    interface Reader<F extends CouplingFlow> {
        F read(DataInputStream in) throws IOException;
    }

    /** Saves into {@code dir/file}: the magic number, the shape, then base, parameters and optimizer state. */
    final void save(Path dir, String file, long magic, Shape shape) {
        try {
            Files.createDirectories(dir);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(file))))) {
                out.writeLong(magic);
                shape.write(out);
                writeModel(out);
            }
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot save %s to %s: %s", family, dir, e.getMessage());
        }
    }

    /** Reads a flow that {@link #save} wrote into {@code dir/file}, optimizer state included. */
    static <F extends CouplingFlow> F load(Path dir, String file, long magic, String family, Reader<F> shape) {
        Path path = dir.resolve(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path)))) {
            if (in.readLong() != magic) {
                throw B4jException.badInput("%s is not a saved %s", path, family);
            }
            F flow = shape.read(in);
            flow.readParameters(in);
            return flow;
        } catch (NoSuchFileException e) {
            throw B4jException.badInput("no saved %s at %s", family, dir);
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot read %s from %s: %s", family, path, e.getMessage());
        }
    }

    /** Writes the base (its kind, then its arrays), the parameters and the optimizer state. */
    final void writeModel(DataOutputStream out) throws IOException {
        writeBase(out, base);
        writeState(out);
    }

    private static void writeBase(DataOutputStream out, BaseDistribution base) throws IOException {
        if (base instanceof StretchedBase stretched) {
            out.writeInt(4);
            writeArray(out, stretched.direction());
            out.writeDouble(stretched.factor());
            writeBase(out, stretched.inner());
        } else if (base instanceof GaussianPrecision gp) {
            out.writeInt(2);
            writeGaussian(out, gp);
        } else if (base instanceof GaussianMixture mixture) {
            out.writeInt(3);
            writeArray(out, mixture.logWeights());
            for (GaussianPrecision gp : mixture.components()) {
                writeGaussian(out, gp);
            }
        } else {
            out.writeInt(0);
        }
    }

    /** Reads the base that {@link #writeModel} wrote first. */
    static BaseDistribution readBase(DataInputStream in, int d) throws IOException {
        return switch (in.readInt()) {
            case 0 -> new StandardNormal(d);
            case 2 -> new GaussianPrecision(readArray(in, d), readArray(in, d * d));
            case 3 -> {
                int length = in.readInt();
                if (length < 2 || length > 1 << 16) {
                    throw new IOException("a mixture of " + length + " components");
                }
                double[] logWeights = new double[length];
                for (int k = 0; k < length; k++) {
                    logWeights[k] = in.readDouble();
                }
                List<GaussianPrecision> components = new ArrayList<>();
                for (int k = 0; k < length; k++) {
                    components.add(new GaussianPrecision(readArray(in, d), readArray(in, d * d)));
                }
                yield new GaussianMixture(components, logWeights);
            }
            case 4 -> {
                double[] direction = readArray(in, d);
                double factor = in.readDouble();
                yield new StretchedBase(readBase(in, d), direction, factor);
            }
            default -> throw new IOException("unknown base distribution");
        };
    }

    private static void writeGaussian(DataOutput out, GaussianPrecision gp) throws IOException {
        writeArray(out, gp.mean());
        writeArray(out, gp.precision());
    }

    /** Reads the parameters and optimizer state that {@link #writeModel} wrote after the base. */
    final void readParameters(DataInputStream in) throws IOException {
        readState(in);
    }

    /** The parameters and the optimizer's state, for checkpoints (the shape and base are the caller's). */
    @Override
    public final void writeState(DataOutput out) throws IOException {
        writeArray(out, params);
        for (double[] a : adam.state()) {
            writeArray(out, a);
        }
    }

    @Override
    public final void readState(DataInput in) throws IOException {
        System.arraycopy(readArray(in, params.length), 0, params, 0, params.length);
        adam.restore(new double[][] {readArray(in, params.length), readArray(in, params.length), readArray(in, 1)});
        parametersChanged();
    }

    private static void writeArray(DataOutput out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    private static double[] readArray(DataInput in, int expected) throws IOException {
        int length = in.readInt();
        if (length != expected) {
            throw new IOException("array of " + length + " values where " + expected + " were expected");
        }
        double[] a = new double[length];
        for (int i = 0; i < length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
