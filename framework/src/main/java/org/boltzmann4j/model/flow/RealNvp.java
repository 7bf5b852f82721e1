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
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.model.BatchEnergyGradient;
import org.boltzmann4j.model.TrainableModel;
import org.boltzmann4j.model.nn.Adam;
import org.boltzmann4j.model.nn.NativeArray;

/**
 * RealNVP normalizing flow (Dinh, Sohl-Dickstein and Bengio 2017): x = f(z) with z drawn from a
 * base density and f a stack of affine coupling layers. Layer l keeps the sites of parity l mod 2
 * (even sites for l = 0) and moves the others, x_B → x_B e^s + t, with (s, t) from a tanh MLP
 * |A| → H → H → 2|B| of the kept sites and s = c tanh(raw / c). The last layer of every MLP starts
 * at zero, so a new flow is the identity. ln q(x) = ln p(z) − ln |det ∂f/∂z| is exact.
 *
 * <p>Trains by maximum likelihood on samples or by reverse KL from the energy alone. Layers are
 * fused kernels (see {@link Coupling}); batches are row-major n × d, buffers grow to the largest
 * batch seen. Not thread-safe.
 */
public final class RealNvp implements TrainableModel<double[]>, Checkpointable {

    /** Adam steps over which the learning rate ramps up, so early steps do not wreck a good base. */
    static final int LEARNING_RATE_WARMUP = 100;

    private static final String FILE = "realnvp.bin";
    private static final long MAGIC = 0x42344a524e565031L; // "B4JRNVP1"

    private final RealNvpConfig config;
    private final BaseDistribution base;
    private final int d;
    private final double[] params;
    private final double[] gradient;
    private final NativeArray weights;
    private final Coupling[] layers;
    private final Adam adam;
    private int capacity;
    private Coupling.Scratch scratch;
    /** states[l]: the batch between layer l − 1 and layer l; states[0] is z. */
    private double[][] states;
    private double[] flowGradient;
    private double[] logp;
    private double[] logdet;
    private double[] energies;

    private RealNvp(RealNvpConfig config, BaseDistribution base) {
        if (base.dimension() != config.dimension()) {
            throw B4jException.badInput("base distribution has dimension %d, flow has %d", base.dimension(), config.dimension());
        }
        this.config = config;
        this.base = base;
        this.d = config.dimension();
        int h = config.hidden();
        int count = 0;
        int[][] conds = new int[config.couplings()][];
        int[][] transs = new int[config.couplings()][];
        for (int l = 0; l < conds.length; l++) {
            conds[l] = sites(d, l % 2);
            transs[l] = sites(d, 1 - l % 2);
            count += Coupling.parameterCount(h, conds[l].length, transs[l].length);
        }
        this.params = new double[count];
        this.gradient = new double[count];
        this.weights = NativeArray.allocate(count, config.float32());
        NativeArray weightGradients = NativeArray.allocate(count, config.float32());
        this.layers = new Coupling[conds.length];
        int offset = 0;
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new Coupling(d, h, conds[l], transs[l], config.scaleBound(), params, gradient,
                    weights, weightGradients, offset);
            offset += Coupling.parameterCount(h, conds[l].length, transs[l].length);
        }
        this.adam = new Adam(count, config.learningRate(), config.clipNorm(), LEARNING_RATE_WARMUP);
    }

    private static int[] sites(int d, int parity) {
        int[] s = new int[(d + 1 - parity) / 2];
        for (int j = 0; j < s.length; j++) {
            s[j] = 2 * j + parity;
        }
        return s;
    }

    /** A new flow, the identity map, with hidden weights drawn from {@code seed}. */
    public static RealNvp create(RealNvpConfig config, BaseDistribution base, long seed) {
        RealNvp flow = new RealNvp(config, base);
        SplittableRandom rng = new SplittableRandom(seed);
        for (Coupling layer : flow.layers) {
            layer.initialize(rng);
        }
        flow.parametersChanged();
        return flow;
    }

    /**
     * This flow, its weights, base and optimizer state, with the network arithmetic in float32 (or
     * float64): the same density up to the rounding of the other precision.
     */
    public RealNvp withFloat32(boolean float32) {
        RealNvp copy = new RealNvp(config.withFloat32(float32), base);
        System.arraycopy(params, 0, copy.params, 0, params.length);
        copy.adam.restore(adam.state());
        copy.parametersChanged();
        return copy;
    }

    public RealNvpConfig config() {
        return config;
    }

    public BaseDistribution base() {
        return base;
    }

    @Override
    public int dimension() {
        return d;
    }

    public int parameterCount() {
        return params.length;
    }

    @Override
    public void sample(int n, RandomGenerator rng, double[] xs, double[] logq) {
        prepare(n, xs, logq);
        base.sample(n, rng, states[0], logp);
        push(n, xs, false);
        for (int k = 0; k < n; k++) {
            logq[k] = logp[k] - logdet[k];
        }
    }

    @Override
    public void logDensity(double[] xs, int n, double[] logq) {
        prepare(n, xs, logq);
        pull(xs, n, false);
        base.logDensity(states[0], n, logp);
        for (int k = 0; k < n; k++) {
            logq[k] = logp[k] + logdet[k];
        }
    }

    @Override
    public double maximumLikelihoodStep(double[] xs, int n) {
        double loss = maximumLikelihoodGradient(xs, n);
        update();
        return loss;
    }

    /**
     * One Adam step of reverse KL, KL(q ‖ e^−U / Z), from U and ∇U alone: draws n configurations
     * x = f(z) and follows the reparameterization gradient of the mean of U(x) + ln q(x).
     *
     * @param target U and ∇U of a batch (it is handed arrays that may hold more than n rows)
     * @return the mean of U + ln q before the step: an estimate of KL − ln Z, so an upper bound of −ln Z
     */
    public double reverseKlStep(int n, RandomGenerator rng, BatchEnergyGradient target) {
        double loss = reverseKlGradient(n, rng, target);
        update();
        return loss;
    }

    /** Mean −ln q of the batch; leaves its gradient with respect to the parameters in {@link #gradient()}. */
    double maximumLikelihoodGradient(double[] xs, int n) {
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
        for (int l = 0; l < layers.length; l++) {
            layers[l].backpropInverse(g, states[l], n, l < layers.length - 1, scratch);
        }
        return loss;
    }

    /** Mean U + ln q of a fresh batch; leaves its gradient with respect to the parameters in {@link #gradient()}. */
    double reverseKlGradient(int n, RandomGenerator rng, BatchEnergyGradient target) {
        prepare(n, null, null);
        base.sample(n, rng, states[0], logp);
        double[] x = states[layers.length];
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
        for (int l = layers.length - 1; l >= 0; l--) {
            layers[l].backpropForward(g, states[l], n, l > 0, scratch);
        }
        return loss;
    }

    private static void checkLoss(String what, double loss) {
        if (!Double.isFinite(loss)) {
            throw B4jException.failure("RealNVP %s training diverged: loss is %s", what, loss);
        }
    }

    /** z = states[0] → x through every layer; logdet = ln |det ∂f/∂z|; keep: for backpropagation. */
    private void push(int n, double[] x, boolean keep) {
        Arrays.fill(logdet, 0, n, 0);
        for (int l = 0; l < layers.length; l++) {
            layers[l].forward(states[l], l == layers.length - 1 ? x : states[l + 1], n, scratch, logdet, keep);
        }
    }

    /** x → z = states[0] through every layer in reverse; logdet = ln |det ∂f⁻¹/∂x|; keep: for backpropagation. */
    private void pull(double[] x, int n, boolean keep) {
        Arrays.fill(logdet, 0, n, 0);
        for (int l = layers.length - 1; l >= 0; l--) {
            layers[l].inverse(l == layers.length - 1 ? x : states[l + 1], states[l], n, scratch, logdet, keep);
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
            throw B4jException.failure("RealNVP training diverged: gradient norm is %s", norm);
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
        scratch = new Coupling.Scratch(n, config.hidden(), (d + 1) / 2, (d + 1) / 2, config.float32());
        states = new double[layers.length + 1][n * d];
        flowGradient = new double[n * d];
        logp = new double[n];
        logdet = new double[n];
        energies = new double[n];
    }

    /** The live parameter vector; call {@link #parametersChanged()} after writing it. */
    double[] parameters() {
        return params;
    }

    /** The gradient left by the last loss evaluation. */
    double[] gradient() {
        return gradient;
    }

    /** Copies the parameters to the native weights the GEMMs read. */
    void parametersChanged() {
        weights.write(params, 0, params.length);
    }

    /** x = f(z) and ln |det ∂f/∂z| for n points. */
    void forward(double[] z, int n, double[] x, double[] logDetJacobian) {
        prepare(n, z, logDetJacobian);
        System.arraycopy(z, 0, states[0], 0, n * d);
        push(n, x, false);
        System.arraycopy(logdet, 0, logDetJacobian, 0, n);
    }

    /** z = f⁻¹(x) and ln |det ∂f⁻¹/∂x| for n points. */
    void inverse(double[] x, int n, double[] z, double[] logDetJacobian) {
        prepare(n, x, logDetJacobian);
        pull(x, n, false);
        System.arraycopy(states[0], 0, z, 0, n * d);
        System.arraycopy(logdet, 0, logDetJacobian, 0, n);
    }

    @Override
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE))))) {
                out.writeLong(MAGIC);
                out.writeInt(config.dimension());
                out.writeInt(config.hidden());
                out.writeInt(config.couplings());
                out.writeBoolean(config.float32());
                out.writeDouble(config.learningRate());
                out.writeDouble(config.clipNorm());
                out.writeDouble(config.scaleBound());
                if (base instanceof GaussianPrecision gp) {
                    out.writeInt(2);
                    writeArray(out, gp.mean());
                    writeArray(out, gp.precision());
                } else {
                    out.writeInt(0);
                }
                writeArray(out, params);
                for (double[] a : adam.state()) {
                    writeArray(out, a);
                }
            }
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot save RealNVP to %s: %s", dir, e.getMessage());
        }
    }

    /** Reads a flow written by {@link #save}, optimizer state included. */
    public static RealNvp load(Path dir) {
        Path file = dir.resolve(FILE);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readLong() != MAGIC) {
                throw B4jException.badInput("%s is not a saved RealNVP", file);
            }
            RealNvpConfig config = new RealNvpConfig(in.readInt(), in.readInt(), in.readInt(), in.readBoolean(),
                    in.readDouble(), in.readDouble(), in.readDouble());
            int d = config.dimension();
            BaseDistribution base = switch (in.readInt()) {
                case 0 -> new StandardNormal(d);
                case 2 -> new GaussianPrecision(readArray(in, d), readArray(in, d * d));
                default -> throw B4jException.badInput("%s: unknown base distribution", file);
            };
            RealNvp flow = new RealNvp(config, base);
            System.arraycopy(readArray(in, flow.params.length), 0, flow.params, 0, flow.params.length);
            double[][] state = {readArray(in, flow.params.length), readArray(in, flow.params.length), readArray(in, 1)};
            flow.adam.restore(state);
            flow.parametersChanged();
            return flow;
        } catch (NoSuchFileException e) {
            throw B4jException.badInput("no saved RealNVP at %s", dir);
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot read RealNVP from %s: %s", file, e.getMessage());
        }
    }

    /** The parameters and the optimizer's state, for checkpoints (the configuration is the caller's). */
    @Override
    public void writeState(DataOutput out) throws IOException {
        writeArray(out, params);
        for (double[] a : adam.state()) {
            writeArray(out, a);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
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
