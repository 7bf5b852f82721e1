package org.boltzmann4j.model.autoregressive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.model.nn.Activations;
import org.boltzmann4j.model.nn.Adam;

/**
 * MADE (Germain et al. 2015) over spins in site order: a dense network with 0, 1 or 2 tanh hidden
 * layers of width H whose weights are masked so that the logit of site i sees only sites j &lt; i,
 * plus masked direct connections from the sites to the logits (with no hidden layer this is the
 * linear autoregressive model of Wu, Wang and Zhang 2019). q(s_i = +1 | s_&lt;i) = σ(y_i).
 *
 * <p>Hidden units carry degrees m ∈ [1, D-1] in ascending order; a unit of degree m sees sites
 * j &lt; m and feeds logits of sites i ≥ m. Masked weights are kept at exactly zero (their
 * gradients are zeroed), so the batched GEMM path and the incremental sampler compute the same
 * function. Sampling is incremental: the hidden pre-activations of one configuration are updated
 * with the column of each newly drawn site, and a unit's output is pushed to the logits once all
 * its inputs are known, so drawing a configuration costs one forward pass, not D of them.
 * Batched ln q and gradients run as float64 GEMMs in ND4J.
 *
 * <p>A conditional MADE (package-private, for {@link Han}) takes K context spins in front of the
 * D sites of each row, as inputs every hidden unit and every logit sees: q(s | c). Its rows are
 * K + D wide in every method; the context is read, never drawn. With K = 0 it is the model above.
 */
public final class Made implements AutoregressiveModel {

    /** The file {@link #save} writes into its directory. */
    public static final String FILE = "made.bin";
    private static final long MAGIC = 0x42344a4d41444531L; // "B4JMADE1"
    private static final int MAX_CHUNK = 1024;

    private final int context;
    private final int sites;
    /** Width of a row: context, then sites. */
    private final int inputs;
    private final int hidden;
    private final int layers;
    private final double learningRate;
    private final double clipNorm;
    private final double[] theta;
    private final Adam adam;
    private final int oW1;
    private final int oB1;
    private final int oW2;
    private final int oB2;
    private final int oV;
    private final int oA;
    private final int oC;
    /** Hidden unit degrees, ascending, in [1, D-1] (in [0, D-1] with context: degree 0 sees the context only). */
    private final int[] degree;
    /** firstAtLeast[m]: index of the first hidden unit of degree ≥ m, for m in [0, D]. */
    private final int[] firstAtLeast;
    /** The running sums of the single-threaded incremental passes. */
    private final Scratch own;
    /** tanh of the hidden units in the batched pass, bit for bit {@link Activations#tanh(double)} of the incremental one. */
    private final Activations activations = new Activations();
    private final NdMatrix w1;
    private final NdMatrix w2;
    private final NdMatrix v;
    private final NdMatrix a;
    private final NdMatrix gw1;
    private final NdMatrix gw2;
    private final NdMatrix gv;
    private final NdMatrix ga;
    /** The context rows of a and w1, for {@link #contextPass}. */
    private final NdMatrix ac;
    private final NdMatrix w1c;
    private ContextWorkspace contextWork;
    private final Map<Integer, Workspace> workspaces = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Workspace> eldest) {
            return size() > 4;
        }
    };
    private long version;
    private long weightsVersion = -1;
    private Workspace last;

    /**
     * A freshly initialized model: hidden weights N(0, 1/fan-in), output weights ten times smaller
     * (q starts close to uniform, the maximum-entropy start reverse-KL training wants), biases 0.
     *
     * @param sites        D ≥ 2
     * @param hidden       width H of each hidden layer (ignored when layers = 0)
     * @param layers       hidden layers: 0, 1 or 2
     * @param learningRate Adam step size
     * @param clipNorm     largest global gradient norm (Infinity: no clipping)
     * @param seed         fixes the initial weights
     */
    public Made(int sites, int hidden, int layers, double learningRate, double clipNorm, long seed) {
        this(0, sites, hidden, layers, learningRate, clipNorm, seed);
    }

    /** A conditional MADE q(s | c) with {@code context} spins c in front of each row's sites. */
    Made(int context, int sites, int hidden, int layers, double learningRate, double clipNorm, long seed) {
        if (context < 0 || sites < (context > 0 ? 1 : 2) || layers < 0 || layers > 2 || (layers > 0 && hidden < 1)) {
            throw B4jException.badInput("MADE needs at least 2 sites, 0 to 2 hidden layers and a positive width "
                    + "(got %d sites, %d layers, width %d)", sites, layers, hidden);
        }
        this.context = context;
        this.sites = sites;
        this.inputs = context + sites;
        this.hidden = layers == 0 ? 0 : hidden;
        this.layers = layers;
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        int d = sites;
        int h = this.hidden;
        oW1 = 0;
        oB1 = oW1 + (layers >= 1 ? inputs * h : 0);
        oW2 = oB1 + (layers >= 1 ? h : 0);
        oB2 = oW2 + (layers == 2 ? h * h : 0);
        oV = oB2 + (layers == 2 ? h : 0);
        oA = oV + (layers >= 1 ? h * d : 0);
        oC = oA + inputs * d;
        theta = new double[oC + d];
        adam = new Adam(theta.length, learningRate, clipNorm);
        degree = new int[h];
        int lowest = context > 0 ? 0 : 1;
        for (int k = 0; k < h; k++) {
            degree[k] = lowest + (int) ((long) k * (d - lowest) / h);
        }
        firstAtLeast = new int[d + 1];
        for (int m = 0, k = 0; m <= d; m++) {
            while (k < h && degree[k] < m) {
                k++;
            }
            firstAtLeast[m] = k;
        }
        own = new Scratch();
        w1 = layers >= 1 ? new NdMatrix(inputs, h) : null;
        gw1 = layers >= 1 ? new NdMatrix(inputs, h) : null;
        w2 = layers == 2 ? new NdMatrix(h, h) : null;
        gw2 = layers == 2 ? new NdMatrix(h, h) : null;
        v = layers >= 1 ? new NdMatrix(h, d) : null;
        gv = layers >= 1 ? new NdMatrix(h, d) : null;
        a = new NdMatrix(inputs, d);
        ga = new NdMatrix(inputs, d);
        ac = context > 0 ? new NdMatrix(context, d) : null;
        w1c = context > 0 && layers >= 1 ? new NdMatrix(context, h) : null;
        initialize(new SplittableRandom(seed));
    }

    private void initialize(SplittableRandom rng) {
        int d = sites;
        int h = hidden;
        for (int j = 0; j < inputs && layers >= 1; j++) {
            for (int k = j < context ? 0 : firstAtLeast[j - context + 1]; k < h; k++) {
                theta[oW1 + j * h + k] = rng.nextGaussian() / Math.sqrt(context + degree[k]);
            }
        }
        for (int k = 0; k < h && layers == 2; k++) {
            for (int l = firstAtLeast[degree[k]]; l < h; l++) {
                theta[oW2 + k * h + l] = rng.nextGaussian() / Math.sqrt(firstAtLeast[degree[l] + 1]);
            }
        }
        for (int l = 0; l < h; l++) {
            for (int i = degree[l]; i < d; i++) {
                theta[oV + l * d + i] = 0.1 * rng.nextGaussian() / Math.sqrt(outputFanIn(i));
            }
        }
        for (int j = 0; j < inputs; j++) {
            for (int i = j < context ? 0 : j - context + 1; i < d; i++) {
                theta[oA + j * d + i] = 0.1 * rng.nextGaussian() / Math.sqrt(outputFanIn(i));
            }
        }
    }

    private int outputFanIn(int i) {
        return context + i + firstAtLeast[i + 1];
    }

    public int hidden() {
        return hidden;
    }

    public int layers() {
        return layers;
    }

    @Override
    public int dimension() {
        return sites;
    }

    @Override
    public int parameterCount() {
        return theta.length;
    }

    /** A copy of the parameter vector. */
    public double[] parameters() {
        return theta.clone();
    }

    // ---------------------------------------------------------------- incremental sampling

    @Override
    public void sample(int n, RandomGenerator rng, byte[] xs, double[] logq) {
        for (int k = 0; k < n; k++) {
            logq[k] = generate(xs, k * inputs, 0, rng);
        }
    }

    @Override
    public void sampleTail(byte[] xs, int n, int[] from, RandomGenerator rng, double[] logq) {
        for (int k = 0; k < n; k++) {
            logq[k] = generate(xs, k * inputs, from[k], rng);
        }
    }

    /**
     * Walks the sites of the row at {@code offset} in order (after its context), reading s_i for
     * i &lt; from and drawing it otherwise, and returns ln q of the result. Each hidden unit is
     * activated once, when its last input is known; its output then goes into the logits (or next
     * layer) it feeds.
     */
    private double generate(byte[] xs, int offset, int from, RandomGenerator rng) {
        return generate(xs, offset, from, rng, null, 0, own);
    }

    /**
     * The running sums of one incremental pass ({@link #generate}): one per thread that samples from
     * this network at the same time.
     */
    final class Scratch {
        private final double[] acc1 = new double[hidden];
        private final double[] acc2 = new double[hidden];
        private final double[] logits = new double[sites];
    }

    /** Running sums for a thread of its own, to pass to {@code generate}. */
    Scratch scratch() {
        return new Scratch();
    }

    /**
     * {@link #generate(byte[], int, int, RandomGenerator)} starting from the context's part of the
     * pre-activations at {@code pre[preOffset …)} as {@link #contextPass} wrote them (null: computed
     * here), with its running sums in {@code scratch}: threads with their own scratch may sample from
     * this network at once.
     */
    double generate(byte[] xs, int offset, int from, RandomGenerator rng, double[] pre, int preOffset,
                    Scratch scratch) {
        int d = sites;
        int h = hidden;
        double[] t = theta;
        double[] acc1 = scratch.acc1;
        double[] acc2 = scratch.acc2;
        double[] logits = scratch.logits;
        if (layers == 2) {
            System.arraycopy(t, oB2, acc2, 0, h);
        }
        if (pre != null) {
            System.arraycopy(pre, preOffset, acc1, 0, h);
            System.arraycopy(pre, preOffset + h, logits, 0, d);
        } else {
            System.arraycopy(t, oC, logits, 0, d);
            if (layers >= 1) {
                System.arraycopy(t, oB1, acc1, 0, h);
            }
            for (int j = 0; j < context; j++) {
                double c = xs[offset + j];
                if (layers >= 1) {
                    axpy(c, t, oW1 + j * h, acc1, 0, h);
                }
                axpy(c, t, oA + j * d, logits, 0, d);
            }
        }
        offset += context;
        double logq = 0;
        for (int i = 0; i < d; i++) {
            int lo = firstAtLeast[i];
            int hi = firstAtLeast[i + 1];
            if (layers >= 1) {
                for (int k = lo; k < hi; k++) {
                    double out = Activations.tanh(acc1[k]);
                    if (layers == 1) {
                        axpy(out, t, oV + k * d, logits, i, d);
                    } else {
                        axpy(out, t, oW2 + k * h, acc2, lo, h);
                    }
                }
                for (int l = lo; layers == 2 && l < hi; l++) {
                    axpy(Activations.tanh(acc2[l]), t, oV + l * d, logits, i, d);
                }
            }
            double y = logits[i];
            byte s;
            if (i < from) {
                s = xs[offset + i];
            } else {
                s = rng.nextDouble() * (1 + Math.exp(-y)) < 1 ? (byte) 1 : (byte) -1;
                xs[offset + i] = s;
            }
            logq += logSigmoid(s * y);
            if (layers >= 1) {
                axpy(s, t, oW1 + (context + i) * h, acc1, firstAtLeast[i + 1], h);
            }
            axpy(s, t, oA + (context + i) * d, logits, i + 1, d);
        }
        return logq;
    }

    /**
     * The context's part of the first hidden layer's and of the logits' pre-activations, biases
     * included, for m rows (of which only the context is read) as two GEMMs:
     * {@code out[r (H + D) …] = [b1 + W1cᵀ c_r, b + Acᵀ c_r]}, where generation can start from.
     */
    void contextPass(byte[] xs, int m, double[] out) {
        int d = sites;
        int h = hidden;
        syncWeights();
        if (contextWork == null || contextWork.cx.rows != m) {
            contextWork = new ContextWorkspace(m);
        }
        ContextWorkspace w = contextWork;
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < context; j++) {
                w.cxd[r * context + j] = xs[r * inputs + j];
            }
        }
        w.cx.write(w.cxd);
        NdMatrix.gemm(w.cx, false, ac, false, w.cy, 0);
        w.cy.read(w.cyd);
        if (layers >= 1) {
            NdMatrix.gemm(w.cx, false, w1c, false, w.ch, 0);
            w.ch.read(w.chd);
        }
        for (int r = 0; r < m; r++) {
            int o = r * (h + d);
            for (int k = 0; k < h; k++) {
                out[o + k] = w.chd[r * h + k] + theta[oB1 + k];
            }
            for (int i = 0; i < d; i++) {
                out[o + h + i] = w.cyd[r * d + i] + theta[oC + i];
            }
        }
    }

    /** y[lo..hi) += alpha · w[offset + lo .. offset + hi). */
    private static void axpy(double alpha, double[] w, int offset, double[] y, int lo, int hi) {
        for (int q = lo; q < hi; q++) {
            y[q] += alpha * w[offset + q];
        }
    }

    /** ln σ(z), computed without overflow. */
    static double logSigmoid(double z) {
        return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
    }

    // ---------------------------------------------------------------- batched ln q and gradients

    /** ln q of n rows in one batch, however many: for callers that bound n themselves. */
    void logDensityBatch(byte[] xs, int n, double[] logq) {
        evaluate(xs, n, logq, -n);
    }

    @Override
    public void logDensity(byte[] xs, int n, double[] logq) {
        double[] part = new double[Math.min(n, MAX_CHUNK)];
        for (int start = 0; start < n; start += MAX_CHUNK) {
            int m = Math.min(MAX_CHUNK, n - start);
            byte[] chunk = start == 0 && m == n ? xs : Arrays.copyOfRange(xs, start * inputs, (start + m) * inputs);
            evaluate(chunk, m, part, -m);
            System.arraycopy(part, 0, logq, start, m);
        }
    }

    @Override
    public void forward(byte[] xs, int n, double[] logq) {
        last = evaluate(xs, n, logq, n);
    }

    /** Forward pass in the workspace of that key (n for training, -n for plain ln q, kept apart). */
    private Workspace evaluate(byte[] xs, int n, double[] logq, int key) {
        int d = sites;
        Workspace w = workspaces.computeIfAbsent(key, k -> new Workspace(n));
        syncWeights();
        for (int q = 0; q < n * inputs; q++) {
            w.xd[q] = xs[q];
        }
        w.x.write(w.xd);
        if (layers == 0) {
            NdMatrix.gemm(w.x, false, a, false, w.y, 0);
        } else {
            NdMatrix.gemm(w.x, false, w1, false, w.h1, 0);
            activate(w.h1, w.h1d, oB1, n);
            NdMatrix top = w.h1;
            if (layers == 2) {
                NdMatrix.gemm(w.h1, false, w2, false, w.h2, 0);
                activate(w.h2, w.h2d, oB2, n);
                top = w.h2;
            }
            NdMatrix.gemm(top, false, v, false, w.y, 0);
            NdMatrix.gemm(w.x, false, a, false, w.y, 1);
        }
        w.y.read(w.yd);
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int i = 0; i < d; i++) {
                int q = k * d + i;
                double y = w.yd[q] + theta[oC + i];
                w.yd[q] = y;
                sum += logSigmoid(w.xd[k * inputs + context + i] * y);
            }
            logq[k] = sum;
        }
        w.n = n;
        return w;
    }

    /** h = tanh(h + b) for every row, in ND4J memory and in the mirror array. */
    private void activate(NdMatrix m, double[] mirror, int biasOffset, int n) {
        int h = hidden;
        m.read(mirror);
        for (int k = 0; k < n; k++) {
            for (int q = 0; q < h; q++) {
                mirror[k * h + q] += theta[biasOffset + q];
            }
        }
        activations.tanh(mirror, 0, n * h);
        m.write(mirror);
    }

    @Override
    public void backward(double[] coefficients, double[] gradient) {
        Workspace w = last;
        if (w == null) {
            throw new IllegalStateException("backward needs a forward pass first");
        }
        int n = w.n;
        int d = sites;
        int h = hidden;
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < d; i++) {
                int q = k * d + i;
                double x = w.xd[k * inputs + context + i];
                w.gyd[q] = coefficients[k] * x / (1 + Math.exp(x * w.yd[q]));
            }
        }
        w.gy.write(w.gyd);
        columnSums(w.gyd, n, d, gradient, oC);
        NdMatrix.gemm(w.x, true, w.gy, false, ga, 0);
        ga.read(gradient, oA);
        for (int j = 0; j < d; j++) {
            int row = oA + (context + j) * d;
            Arrays.fill(gradient, row, row + j + 1, 0);
        }
        if (layers == 0) {
            return;
        }
        NdMatrix top = layers == 2 ? w.h2 : w.h1;
        double[] topd = layers == 2 ? w.h2d : w.h1d;
        NdMatrix.gemm(top, true, w.gy, false, gv, 0);
        gv.read(gradient, oV);
        for (int l = 0; l < h; l++) {
            Arrays.fill(gradient, oV + l * d, oV + l * d + degree[l], 0);
        }
        NdMatrix.gemm(w.gy, false, v, true, w.gTop, 0);
        tanhBackward(w.gTop, w.gTopd, topd, n, gradient, layers == 2 ? oB2 : oB1);
        NdMatrix gz1 = w.gTop;
        if (layers == 2) {
            NdMatrix.gemm(w.h1, true, w.gTop, false, gw2, 0);
            gw2.read(gradient, oW2);
            for (int k = 0; k < h; k++) {
                Arrays.fill(gradient, oW2 + k * h, oW2 + k * h + firstAtLeast[degree[k]], 0);
            }
            NdMatrix.gemm(w.gTop, false, w2, true, w.gLow, 0);
            tanhBackward(w.gLow, w.gLowd, w.h1d, n, gradient, oB1);
            gz1 = w.gLow;
        }
        NdMatrix.gemm(w.x, true, gz1, false, gw1, 0);
        gw1.read(gradient, oW1);
        for (int j = 0; j < d; j++) {
            int row = oW1 + (context + j) * h;
            Arrays.fill(gradient, row, row + firstAtLeast[j + 1], 0);
        }
    }

    /** g ← g ⊙ (1 - h²) in place (ND4J and mirror), and its column sums as the bias gradient. */
    private void tanhBackward(NdMatrix g, double[] mirror, double[] activations, int n, double[] gradient,
                              int biasOffset) {
        int h = hidden;
        g.read(mirror);
        for (int q = 0; q < n * h; q++) {
            double act = activations[q];
            mirror[q] *= 1 - act * act;
        }
        g.write(mirror);
        columnSums(mirror, n, h, gradient, biasOffset);
    }

    private static void columnSums(double[] m, int rows, int cols, double[] out, int offset) {
        Arrays.fill(out, offset, offset + cols, 0);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[offset + c] += m[r * cols + c];
            }
        }
    }

    private void syncWeights() {
        if (weightsVersion == version) {
            return;
        }
        if (layers >= 1) {
            w1.write(theta, oW1);
            v.write(theta, oV);
        }
        if (layers == 2) {
            w2.write(theta, oW2);
        }
        a.write(theta, oA);
        if (context > 0) {
            ac.write(theta, oA);
            if (layers >= 1) {
                w1c.write(theta, oW1);
            }
        }
        weightsVersion = version;
    }

    @Override
    public double descend(double[] gradient) {
        double norm = adam.step(theta, gradient);
        version++;
        return norm;
    }

    @Override
    public double maximumLikelihoodStep(byte[] xs, int n) {
        double[] logq = new double[n];
        forward(xs, n, logq);
        double[] c = new double[n];
        Arrays.fill(c, -1.0 / n);
        double[] gradient = new double[theta.length];
        backward(c, gradient);
        descend(gradient);
        double mean = 0;
        for (double l : logq) {
            mean -= l / n;
        }
        return mean;
    }

    // ---------------------------------------------------------------- persistence

    /** Writes {@code made.bin}: architecture, optimizer settings and state, parameters (exact bits). */
    @Override
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeLong(MAGIC);
                write(out);
            }
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot save the MADE model to %s: %s", dir, e.getMessage());
        }
    }

    /** Reloads a model written by {@link #save(Path)}: same ln q, same optimizer state. */
    public static Made load(Path dir) {
        Path file = dir.resolve(FILE);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readLong() != MAGIC) {
                throw B4jException.badInput("%s is not a saved MADE model", file);
            }
            return read(in, 0, file);
        } catch (IOException e) {
            throw B4jException.badInput("cannot read the MADE model %s: %s", file, e.getMessage());
        }
    }

    /** A deep copy: same architecture, parameters and optimizer state. */
    Made copy() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                write(out);
            }
            return read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), context, Path.of(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
    }

    /** Architecture (without the context width), optimizer settings and state, parameters. */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(sites);
        out.writeInt(hidden);
        out.writeInt(layers);
        out.writeDouble(learningRate);
        out.writeDouble(clipNorm);
        writeArray(out, theta);
        double[][] state = adam.state();
        writeArray(out, state[0]);
        writeArray(out, state[1]);
        writeArray(out, state[2]);
    }

    /** Reads what {@link #write} wrote, for a network of that context width; {@code file} names it in errors. */
    static Made read(DataInputStream in, int context, Path file) throws IOException {
        int sites = in.readInt();
        int hidden = in.readInt();
        int layers = in.readInt();
        double lr = in.readDouble();
        double clip = in.readDouble();
        Made made = new Made(context, sites, hidden, layers, lr, clip, 0);
        double[] params = readArray(in);
        if (params.length != made.theta.length) {
            throw B4jException.badInput("%s is corrupt: %d parameters where the architecture has %d",
                    file, params.length, made.theta.length);
        }
        System.arraycopy(params, 0, made.theta, 0, params.length);
        made.adam.restore(new double[][] {readArray(in), readArray(in), readArray(in)});
        made.version++;
        return made;
    }

    private static void writeArray(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double x : values) {
            out.writeDouble(x);
        }
    }

    private static double[] readArray(DataInputStream in) throws IOException {
        double[] values = new double[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    /** Context inputs and their pre-activations for {@link #contextPass}. */
    private final class ContextWorkspace {
        final NdMatrix cx;
        final double[] cxd;
        final NdMatrix ch;
        final double[] chd;
        final NdMatrix cy;
        final double[] cyd;

        ContextWorkspace(int rows) {
            cx = new NdMatrix(rows, context);
            cxd = new double[rows * context];
            ch = layers >= 1 ? new NdMatrix(rows, hidden) : null;
            chd = layers >= 1 ? new double[rows * hidden] : null;
            cy = new NdMatrix(rows, sites);
            cyd = new double[rows * sites];
        }
    }

    /** Activations and gradients of one batch size, in ND4J memory with Java mirrors. */
    private final class Workspace {
        final NdMatrix x;
        final double[] xd;
        final NdMatrix h1;
        final double[] h1d;
        final NdMatrix h2;
        final double[] h2d;
        final NdMatrix y;
        final double[] yd;
        final NdMatrix gy;
        final double[] gyd;
        final NdMatrix gTop;
        final double[] gTopd;
        final NdMatrix gLow;
        final double[] gLowd;
        int n;

        Workspace(int rows) {
            int d = sites;
            int h = hidden;
            x = new NdMatrix(rows, inputs);
            xd = new double[rows * inputs];
            y = new NdMatrix(rows, d);
            yd = new double[rows * d];
            gy = new NdMatrix(rows, d);
            gyd = new double[rows * d];
            h1 = layers >= 1 ? new NdMatrix(rows, h) : null;
            h1d = layers >= 1 ? new double[rows * h] : null;
            gTop = layers >= 1 ? new NdMatrix(rows, h) : null;
            gTopd = layers >= 1 ? new double[rows * h] : null;
            h2 = layers == 2 ? new NdMatrix(rows, h) : null;
            h2d = layers == 2 ? new double[rows * h] : null;
            gLow = layers == 2 ? new NdMatrix(rows, h) : null;
            gLowd = layers == 2 ? new double[rows * h] : null;
        }
    }
}
