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
import org.boltzmann4j.kernel.RestorableRandom;
import org.boltzmann4j.model.BatchEnergyGradient;
import org.boltzmann4j.model.nn.Activations;
import org.boltzmann4j.model.nn.Adam;

/**
 * Equivariant augmented coupling flow (in the spirit of Midgley et al., NeurIPS 2023) for n
 * particles in d dimensions: a flow over positions x and as many auxiliary particles a, exactly
 * invariant under joint rotations and reflections O(d), joint permutations of the particles, and
 * translations.
 *
 * <p><b>Translations.</b> The model lives on the centre-of-mass-free subspace V = {x : Σ_i x_i = 0}
 * of R^{n·d}, with the Lebesgue measure of orthonormal coordinates of V (dimension m = (n − 1) d).
 * ln q(x) is the density of x − x̄ there: configurations are centred before they are evaluated and
 * samples have x̄ = 0. For a translation-invariant target, importance weights exp(−U)/q then
 * estimate Z over V, not the infinite Z over R^{n·d}.
 *
 * <p><b>Augmentation.</b> The joint target is p(x) π(a | x) with π(a | x) = N(a − x; 0, η² I_V),
 * which has the same Z. Base: z_x ~ N(0, σ² I_V), z_a = z_x + η ε, ε ~ N(0, I_V); σ is trained
 * (from the configured σ₀), η is fixed. Layers alternate
 * {@link ParticleCoupling}s of a given x and of x given a; ln q(x, a) = ln p(z) − ln |det ∂(x, a)/∂z|
 * is exact. The density the samplers use is the one-sample estimate
 * ln q̂(x) = ln q(x, a) − ln π(a | x), with a the auxiliary drawn together with x by
 * {@link #sample}, or drawn afresh from π(a | x) by {@link #logDensity} (a Gibbs refresh of a). Then
 * E_a[q(x, a) / π(a | x)] = q(x), importance weights p(x)/q̂(x) are unbiased for Z, and independent
 * Metropolis-Hastings with the ratio [p(x')/q̂(x')] / [p(x)/q̂(x)] is exact on the joint target.
 * Because {@link #logDensity} draws a, it is random: it uses the model's own seeded
 * {@link RestorableRandom}, saved with the model and in checkpoints, so runs stay reproducible and
 * resumable. {@link #logJointDensity} is the deterministic ln q(x, a).
 *
 * <p><b>Training.</b> Reverse KL on the joint, E[U(x) − ln π(a | x) + ln q(x, a)] by the
 * reparameterization gradient; maximum likelihood of chain states, −ln q(x, a) with a ~ π(a | x).
 * Hand-written backward passes, Adam. Not thread-safe.
 */
public final class Eacf implements Flow {

    /** The file {@link #save} writes into its directory. */
    /** The model's name as {@code sampler.model} spells it. */
    public static final String NAME = "eacf";
    public static final String FILE = "eacf.bin";
    private static final long MAGIC = 0x42344a4541434631L; // "B4JEACF1"
    /** Most doubles the layers may keep between a training pass and its backward pass (64 MB); beyond, they recompute. */
    private static final long KEEP_LIMIT = 8L << 20;

    private final EacfConfig config;
    private final int n;
    private final int d;
    private final int dim;
    private final double[] params;
    private final double[] gradient;
    private final Adam adam;
    private final ParticleCoupling[] layers;
    private final RestorableRandom auxiliary;
    private int capacity;
    /** xs[l], as[l]: positions and auxiliaries before layer l; index 0 is the base sample z. */
    private double[][] xs;
    private double[][] as;
    private double[] gx;
    private double[] ga;
    private double[] energies;
    private double[] logdet;

    private Eacf(EacfConfig config, long auxiliarySeed) {
        this.config = config;
        this.n = config.particles();
        this.d = config.spatialDimension();
        this.dim = config.dimension();
        int perLayer = ParticleCoupling.parameterCount(config.basis(), config.hidden());
        int count = 2 * config.blocks();
        this.params = new double[count * perLayer + 1]; // the last: ln(σ / σ₀) of the base
        this.gradient = new double[params.length];
        this.adam = new Adam(params.length, config.learningRate(), config.clipNorm(), CouplingFlow.LEARNING_RATE_WARMUP);
        this.layers = new ParticleCoupling[count];
        Activations activations = new Activations();
        for (int l = 0; l < count; l++) {
            layers[l] = new ParticleCoupling(n, d, config.basis(), config.hidden(), config.cutoff(),
                    config.scaleBound(), params, gradient, l * perLayer, activations);
        }
        this.auxiliary = new RestorableRandom(auxiliarySeed);
    }

    /** A new flow, the identity map on its base, with hidden weights and the auxiliaries' stream drawn from {@code seed}. */
    public static Eacf create(EacfConfig config, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Eacf flow = new Eacf(config, rng.nextLong());
        for (ParticleCoupling layer : flow.layers) {
            layer.initialize(rng);
        }
        return flow;
    }

    public EacfConfig config() {
        return config;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public int parameterCount() {
        return params.length;
    }

    /** Draws n configurations with x̄ = 0 and writes ln q̂(x) = ln q(x, a) − ln π(a | x) of the auxiliaries drawn with them. */
    @Override
    public void sample(int count, RandomGenerator rng, double[] x, double[] logq) {
        double[] a = new double[count * dim];
        sampleJoint(count, rng, x, a, logq);
        for (int b = 0; b < count; b++) {
            logq[b] -= logAuxiliary(x, a, b * dim);
        }
    }

    /** Draws n pairs (x, a), both with centre of mass 0, and writes ln q(x, a). */
    public void sampleJoint(int count, RandomGenerator rng, double[] x, double[] a, double[] logq) {
        prepare(count);
        double[] logp = new double[count];
        drawBase(count, rng, logp);
        push(count);
        System.arraycopy(xs[layers.length], 0, x, 0, count * dim);
        System.arraycopy(as[layers.length], 0, a, 0, count * dim);
        for (int b = 0; b < count; b++) {
            logq[b] = logp[b] - logdet[b];
        }
    }

    /**
     * ln q̂(x) = ln q(x − x̄, a) − ln π(a | x − x̄) with a freshly drawn from π(a | x − x̄) by the model's
     * own stream: random, unbiased for q(x) in q, not in ln q.
     */
    @Override
    public void logDensity(double[] x, int count, double[] logq) {
        prepare(count);
        double[] centred = centredWithAuxiliaries(x, count);
        logJointDensity(centred, as[layers.length], count, logq);
        for (int b = 0; b < count; b++) {
            logq[b] -= logAuxiliary(centred, as[layers.length], b * dim);
        }
    }

    /** The auxiliaries' stream that {@link #logDensity} and {@link #maximumLikelihoodStep} draw from. */
    @Override
    public Checkpointable densityRandomness() {
        return auxiliary;
    }

    /** The exact joint ln q(x, a) of n pairs whose centres of mass are 0 (they are not centred here). */
    public void logJointDensity(double[] x, double[] a, int count, double[] logq) {
        prepare(count);
        System.arraycopy(x, 0, xs[layers.length], 0, count * dim);
        System.arraycopy(a, 0, as[layers.length], 0, count * dim);
        pull(count);
        for (int b = 0; b < count; b++) {
            logq[b] = logBase(b * dim) - logdet[b];
        }
    }

    /** ln π(a | x) = ln N(a − x; 0, η² I_V) of the pair at {@code off}. */
    double logAuxiliary(double[] x, double[] a, int off) {
        double sq = 0;
        for (int i = off; i < off + dim; i++) {
            double v = a[i] - x[i];
            sq += v * v;
        }
        double eta = config.eta();
        return -0.5 * sq / (eta * eta) - 0.5 * config.freeDimension() * Math.log(2 * Math.PI * eta * eta);
    }

    /** σ of the base now. */
    double sigma() {
        return config.sigma() * Math.exp(params[params.length - 1]);
    }

    /** ln p(z_x, z_a) of the base sample at {@code off} of layer 0's arrays. */
    private double logBase(int off) {
        double[] zx = xs[0];
        double[] za = as[0];
        double sx = 0;
        double sa = 0;
        for (int i = off; i < off + dim; i++) {
            sx += zx[i] * zx[i];
            double v = za[i] - zx[i];
            sa += v * v;
        }
        double sigma = sigma();
        double eta = config.eta();
        int m = config.freeDimension();
        return -0.5 * sx / (sigma * sigma) - 0.5 * sa / (eta * eta)
                - 0.5 * m * (Math.log(2 * Math.PI * sigma * sigma) + Math.log(2 * Math.PI * eta * eta));
    }

    /** Base draws into layer 0's arrays, ln p into {@code logp}. */
    private void drawBase(int count, RandomGenerator rng, double[] logp) {
        double[] zx = xs[0];
        double[] za = as[0];
        for (int b = 0; b < count; b++) {
            int off = b * dim;
            freeGaussian(rng, zx, off, sigma());
            freeGaussian(rng, za, off, config.eta());
            for (int i = off; i < off + dim; i++) {
                za[i] += zx[i];
            }
            logp[b] = logBase(off);
        }
    }

    /** N(0, s² I_V) at {@code off}: an isotropic Gaussian in R^{n·d} with its centre of mass removed. */
    private void freeGaussian(RandomGenerator rng, double[] z, int off, double scale) {
        for (int i = off; i < off + dim; i++) {
            z[i] = scale * rng.nextGaussian();
        }
        removeCentre(z, off);
    }

    private void removeCentre(double[] z, int off) {
        for (int c = 0; c < d; c++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += z[off + i * d + c];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                z[off + i * d + c] -= mean;
            }
        }
    }

    /** x − x̄ into a fresh array; a ~ π(a | x − x̄) from the model's stream into the top auxiliaries. */
    private double[] centredWithAuxiliaries(double[] x, int count) {
        double[] centred = Arrays.copyOf(x, count * dim);
        double[] a = as[layers.length];
        for (int b = 0; b < count; b++) {
            int off = b * dim;
            removeCentre(centred, off);
            freeGaussian(auxiliary, a, off, config.eta());
            for (int i = off; i < off + dim; i++) {
                a[i] += centred[i];
            }
        }
        return centred;
    }

    /** Base → (x, a) through every layer; logdet = ln |det ∂(x, a)/∂z|. */
    private void push(int count) {
        Arrays.fill(logdet, 0, count, 0);
        for (int l = 0; l < layers.length; l++) {
            boolean auxStep = l % 2 == 0;
            double[] x0 = xs[l];
            double[] a0 = as[l];
            double[] x1 = xs[l + 1];
            double[] a1 = as[l + 1];
            for (int b = 0; b < count; b++) {
                int off = b * dim;
                if (auxStep) {
                    System.arraycopy(x0, off, x1, off, dim);
                    logdet[b] += layers[l].forward(x0, a0, a1, off);
                } else {
                    System.arraycopy(a0, off, a1, off, dim);
                    logdet[b] += layers[l].forward(a0, x0, x1, off);
                }
            }
        }
    }

    /** (x, a) at the top → base through every layer in reverse; logdet = ln |det ∂(x, a)/∂z|. */
    private void pull(int count) {
        Arrays.fill(logdet, 0, count, 0);
        for (int l = layers.length - 1; l >= 0; l--) {
            boolean auxStep = l % 2 == 0;
            double[] x0 = xs[l];
            double[] a0 = as[l];
            double[] x1 = xs[l + 1];
            double[] a1 = as[l + 1];
            for (int b = 0; b < count; b++) {
                int off = b * dim;
                if (auxStep) {
                    System.arraycopy(x1, off, x0, off, dim);
                    logdet[b] += layers[l].inverse(x1, a1, a0, off);
                } else {
                    System.arraycopy(a1, off, a0, off, dim);
                    logdet[b] += layers[l].inverse(a1, x1, x0, off);
                }
            }
        }
    }

    /**
     * One Adam step of reverse KL on the joint: draws n pairs (x, a) and follows the
     * reparameterization gradient of the mean of U(x) − ln π(a | x) + ln q(x, a).
     *
     * @return that mean before the step, an upper bound of −ln Z (Z over the COM-free subspace)
     */
    @Override
    public double reverseKlStep(int count, RandomGenerator rng, BatchEnergyGradient target) {
        double loss = reverseKlGradient(count, rng, target);
        update(loss, "reverse-KL");
        return loss;
    }

    /** The loss of {@link #reverseKlStep}, its gradient left in {@link #gradient()}. */
    double reverseKlGradient(int count, RandomGenerator rng, BatchEnergyGradient target) {
        try {
            return reverseKlPasses(count, rng, target);
        } finally {
            forget();
        }
    }

    private double reverseKlPasses(int count, RandomGenerator rng, BatchEnergyGradient target) {
        prepare(count);
        double[] logp = new double[count];
        drawBase(count, rng, logp);
        keep(count);
        push(count);
        int top = layers.length;
        double[] x = xs[top];
        double[] a = as[top];
        target.energiesAndGradients(x, count, energies, gx);
        double loss = 0;
        double eta2 = config.eta() * config.eta();
        double scale = 1.0 / count;
        for (int b = 0; b < count; b++) {
            int off = b * dim;
            loss += energies[b] - logAuxiliary(x, a, off) + logp[b] - logdet[b];
            for (int i = off; i < off + dim; i++) {
                double pull = (a[i] - x[i]) / eta2;
                gx[i] = scale * (gx[i] - pull);
                ga[i] = scale * pull;
            }
        }
        loss *= scale;
        Arrays.fill(gradient, 0);
        double[] zx = xs[0];
        int last = params.length - 1;
        for (int b = 0; b < count; b++) {
            int off = b * dim;
            for (int l = top - 1; l >= 0; l--) {
                if (l % 2 == 0) {
                    layers[l].backpropForward(xs[l], as[l], off, ga, gx, scale);
                } else {
                    layers[l].backpropForward(as[l], xs[l], off, gx, ga, scale);
                }
            }
            // z_x = σ ε and z_a = z_x + η ε': both move with ln σ by z_x; ln p(z) moves by −m
            double g = -scale * config.freeDimension();
            for (int i = off; i < off + dim; i++) {
                g += (gx[i] + ga[i]) * zx[i];
            }
            gradient[last] += g;
        }
        return loss;
    }

    /** One Adam step of maximum likelihood: the mean of −ln q(x − x̄, a) with a ~ π(a | x − x̄) from the model's stream. */
    @Override
    public double maximumLikelihoodStep(double[] x, int count) {
        double loss = maximumLikelihoodGradient(x, count);
        update(loss, "maximum-likelihood");
        return loss;
    }

    /** The loss of {@link #maximumLikelihoodStep}, its gradient left in {@link #gradient()}. */
    double maximumLikelihoodGradient(double[] x, int count) {
        prepare(count);
        double[] centred = centredWithAuxiliaries(x, count);
        return jointMaximumLikelihoodGradient(centred, as[layers.length], count);
    }

    /** Mean −ln q(x, a) of n COM-free pairs, its gradient left in {@link #gradient()}. */
    double jointMaximumLikelihoodGradient(double[] x, double[] a, int count) {
        try {
            return maximumLikelihoodPasses(x, a, count);
        } finally {
            forget();
        }
    }

    private double maximumLikelihoodPasses(double[] x, double[] a, int count) {
        prepare(count);
        System.arraycopy(x, 0, xs[layers.length], 0, count * dim);
        System.arraycopy(a, 0, as[layers.length], 0, count * dim);
        keep(count);
        pull(count);
        double sigma2 = sigma() * sigma();
        double eta2 = config.eta() * config.eta();
        double scale = 1.0 / count;
        double loss = 0;
        double[] zx = xs[0];
        double[] za = as[0];
        Arrays.fill(gradient, 0);
        int m = config.freeDimension();
        for (int b = 0; b < count; b++) {
            int off = b * dim;
            loss -= logBase(off) - logdet[b];
            double sq = 0;
            for (int i = off; i < off + dim; i++) {
                double pull = (za[i] - zx[i]) / eta2;
                gx[i] = scale * (zx[i] / sigma2 - pull);
                ga[i] = scale * pull;
                sq += zx[i] * zx[i];
            }
            gradient[params.length - 1] += scale * (m - sq / sigma2);
        }
        loss *= scale;
        for (int b = 0; b < count; b++) {
            int off = b * dim;
            for (int l = 0; l < layers.length; l++) {
                if (l % 2 == 0) {
                    layers[l].backpropInverse(xs[l + 1], as[l + 1], off, ga, gx, scale);
                } else {
                    layers[l].backpropInverse(as[l + 1], xs[l + 1], off, gx, ga, scale);
                }
            }
        }
        return loss;
    }

    /** Lets the layers keep their conditioners for a backward pass over {@code count} configurations, where that fits {@link #KEEP_LIMIT}. */
    private void keep(int count) {
        if (layers[0].keptSize() * count * layers.length <= KEEP_LIMIT) {
            for (ParticleCoupling layer : layers) {
                layer.keep(count);
            }
        }
    }

    private void forget() {
        for (ParticleCoupling layer : layers) {
            layer.forget();
        }
    }

    /** One Adam step, refused (before it touches the parameters) when the loss or the gradient is not finite. */
    private void update(double loss, String what) {
        double norm = 0;
        for (double g : gradient) {
            norm += g * g;
        }
        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
            throw B4jException.failure("eacf %s training diverged: loss %s, gradient norm %s", what, loss,
                    Math.sqrt(norm));
        }
        adam.step(params, gradient);
    }

    /** The live parameter vector. */
    double[] parameters() {
        return params;
    }

    /** The gradient left by the last loss evaluation. */
    double[] gradient() {
        return gradient;
    }

    /** (x, a) = f(z) of n base points (COM-free) and ln |det ∂(x, a)/∂z| on V × V. */
    void forward(double[] zx, double[] za, int count, double[] x, double[] a, double[] logDetJacobian) {
        prepare(count);
        System.arraycopy(zx, 0, xs[0], 0, count * dim);
        System.arraycopy(za, 0, as[0], 0, count * dim);
        push(count);
        System.arraycopy(xs[layers.length], 0, x, 0, count * dim);
        System.arraycopy(as[layers.length], 0, a, 0, count * dim);
        System.arraycopy(logdet, 0, logDetJacobian, 0, count);
    }

    /** z = f⁻¹(x, a) of n pairs (COM-free) and ln |det ∂(x, a)/∂z|. */
    void inverse(double[] x, double[] a, int count, double[] zx, double[] za, double[] logDetJacobian) {
        prepare(count);
        System.arraycopy(x, 0, xs[layers.length], 0, count * dim);
        System.arraycopy(a, 0, as[layers.length], 0, count * dim);
        pull(count);
        System.arraycopy(xs[0], 0, zx, 0, count * dim);
        System.arraycopy(as[0], 0, za, 0, count * dim);
        System.arraycopy(logdet, 0, logDetJacobian, 0, count);
    }

    private void prepare(int count) {
        if (count < 1) {
            throw B4jException.badInput("eacf: a batch of %d configurations", count);
        }
        if (count <= capacity) {
            return;
        }
        capacity = count;
        xs = new double[layers.length + 1][count * dim];
        as = new double[layers.length + 1][count * dim];
        gx = new double[count * dim];
        ga = new double[count * dim];
        energies = new double[count];
        logdet = new double[count];
    }

    @Override
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(dir.resolve(FILE))))) {
                out.writeLong(MAGIC);
                out.writeInt(config.particles());
                out.writeInt(config.spatialDimension());
                out.writeInt(config.hidden());
                out.writeInt(config.blocks());
                out.writeInt(config.basis());
                out.writeDouble(config.cutoff());
                out.writeDouble(config.sigma());
                out.writeDouble(config.eta());
                out.writeDouble(config.learningRate());
                out.writeDouble(config.clipNorm());
                out.writeDouble(config.scaleBound());
                writeState(out);
            }
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot save eacf to %s: %s", dir, e.getMessage());
        }
    }

    /** Reads a flow written by {@link #save}: parameters, optimizer state and the auxiliaries' stream. */
    public static Eacf load(Path dir) {
        Path path = dir.resolve(FILE);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path)))) {
            if (in.readLong() != MAGIC) {
                throw B4jException.badInput("%s is not a saved eacf", path);
            }
            EacfConfig config = new EacfConfig(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble());
            Eacf flow = new Eacf(config, 0);
            flow.readState(in);
            return flow;
        } catch (NoSuchFileException e) {
            throw B4jException.badInput("no saved eacf at %s", dir);
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot read eacf from %s: %s", path, e.getMessage());
        }
    }

    /** Parameters, the optimizer's state and the auxiliaries' stream. */
    @Override
    public void writeState(DataOutput out) throws IOException {
        Checkpointable.writeArray(out, params);
        for (double[] s : adam.state()) {
            Checkpointable.writeArray(out, s);
        }
        auxiliary.writeState(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        Checkpointable.readArray(in, params);
        double[][] state = {new double[params.length], new double[params.length], new double[1]};
        for (double[] s : state) {
            Checkpointable.readArray(in, s);
        }
        adam.restore(state);
        auxiliary.readState(in);
    }
}
