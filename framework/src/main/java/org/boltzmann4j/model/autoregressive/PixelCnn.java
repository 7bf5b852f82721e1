package org.boltzmann4j.model.autoregressive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.model.nn.Adam;
import org.boltzmann4j.model.nn.NativeArray;

/**
 * A PixelCNN (van den Oord et al. 2016; the VAN of Wu, Wang and Zhang 2019) over spins of a
 * rows × cols lattice in raster order: a stack of masked convolutions of radius r with C channels
 * and tanh activations (the first excludes the centre site, the others include it), zero padding,
 * then a per-site logit y_j = c_j + Σ_ch v_ch h_ch(j) and q(s_j = +1 | s_&lt;j) = σ(y_j).
 *
 * <p>Batched ln q and gradients run each masked convolution as one float64 GEMM per chunk of
 * samples (im2col: a row per sample and site holding the inputs at its taps, times the T·C × C
 * kernel), straight to OpenBLAS on preallocated native arrays ({@link NativeArray}). Sampling is
 * incremental and batched over the samples: every layer's output at site j depends only on sites
 * before j, so the sites are visited once, in order, and at each the B samples' taps are gathered
 * into a B × T·C matrix and multiplied in one GEMM per layer (measured faster than a Java loop over
 * the taps from B = 256 on); only the last r rows and r + 1 sites of each layer are kept. Drawing
 * costs one forward pass, and sampled ln q equals batched ln q up to rounding.
 */
public final class PixelCnn implements AutoregressiveModel {

    /** The file {@link #save} writes into its directory. */
    public static final String FILE = "pixelcnn.bin";
    private static final long MAGIC = 0x42344a50434e4e31L; // "B4JPCNN1"
    /** Rows (sample × site) of one batched GEMM: large enough that the per-call cost is amortized. */
    private static final int CHUNK_ROWS = 4096;
    /** Samples drawn together. */
    private static final int SAMPLE_BLOCK = 256;

    private final int rows;
    private final int cols;
    private final int sites;
    private final int channels;
    private final int depth;
    private final int radius;
    private final double learningRate;
    private final double clipNorm;
    private final int tapsA;
    private final int tapsB;
    /** tapSite[j · tapsB + t]: the site at tap t of site j, or -1 (zero padding); tap tapsB - 1 is the centre. */
    private final int[] tapSite;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int oV;
    private final int oC;
    private final double[] theta;
    private final Adam adam;
    /** The kernels of the layers as K_l × C matrices (K_0 = tapsA, K_l = tapsB · C), copied from theta per call. */
    private final NativeArray[] kernels;
    private final NativeArray kernelGradient;
    private final double[] kernelGradientd;
    /** Work arrays of the batched passes and of sampling, allocated on first use. */
    private Workspace batched;
    private Workspace sampling;
    /** What the last {@link #forward} kept for {@link #backward}: activations [layer][(sample · D + site) · C + ch]. */
    private double[][] batchActivations = new double[0][];
    private double[] batchLogits = new double[0];
    private byte[] batchSpins = new byte[0];
    private int batchSize;

    /**
     * @param rows         lattice rows
     * @param cols         lattice columns (sites are numbered row by row)
     * @param channels     C, channels of each hidden layer
     * @param depth        masked convolution layers, at least 1
     * @param radius       kernel radius r ≥ 1: a kernel covers r rows above and r columns either side
     * @param learningRate Adam step size
     * @param clipNorm     gradient clipping by global norm
     * @param seed         fixes the initial weights
     */
    public PixelCnn(int rows, int cols, int channels, int depth, int radius, double learningRate, double clipNorm,
                    long seed) {
        if (rows < 1 || cols < 1 || rows * cols < 2 || channels < 1 || depth < 1 || radius < 1) {
            throw B4jException.badInput("PixelCNN needs at least 2 sites, 1 channel, 1 layer and radius 1 "
                    + "(got %dx%d, %d channels, %d layers, radius %d)", rows, cols, channels, depth, radius);
        }
        this.rows = rows;
        this.cols = cols;
        this.sites = rows * cols;
        this.channels = channels;
        this.depth = depth;
        this.radius = radius;
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        tapsA = radius * (2 * radius + 1) + radius;
        tapsB = tapsA + 1;
        tapSite = new int[sites * tapsB];
        for (int j = 0; j < sites; j++) {
            int t = 0;
            for (int dr = -radius; dr <= 0; dr++) {
                for (int dc = -radius; dc <= (dr < 0 ? radius : 0); dc++) {
                    int pr = j / cols + dr;
                    int pc = j % cols + dc;
                    tapSite[j * tapsB + t++] = pr < 0 || pc < 0 || pc >= cols ? -1 : pr * cols + pc;
                }
            }
        }
        int c = channels;
        weightOffset = new int[depth];
        biasOffset = new int[depth];
        kernels = new NativeArray[depth];
        int o = 0;
        for (int l = 0; l < depth; l++) {
            weightOffset[l] = o;
            o += taps(l) * c;
            biasOffset[l] = o;
            o += c;
            kernels[l] = NativeArray.allocate(taps(l) * c, false);
        }
        kernelGradient = NativeArray.allocate(taps(depth - 1) * c, false);
        kernelGradientd = new double[taps(depth - 1) * c];
        oV = o;
        oC = oV + c;
        theta = new double[oC + sites];
        adam = new Adam(theta.length, learningRate, clipNorm);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 0; l < depth; l++) {
            int fanIn = taps(l);
            for (int p = weightOffset[l]; p < biasOffset[l]; p++) {
                theta[p] = rng.nextGaussian() / Math.sqrt(fanIn);
            }
        }
        for (int ch = 0; ch < c; ch++) {
            theta[oV + ch] = 0.1 * rng.nextGaussian() / Math.sqrt(c);
        }
    }

    /** K_l, the inputs per site of layer l: its taps times its input channels. */
    private int taps(int l) {
        return l == 0 ? tapsA : tapsB * channels;
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

    private void syncKernels() {
        for (int l = 0; l < depth; l++) {
            kernels[l].write(theta, weightOffset[l], taps(l) * channels);
        }
    }

    // ---------------------------------------------------------------- incremental, batched sampling

    @Override
    public void sample(int n, RandomGenerator rng, byte[] xs, double[] logq) {
        draw(xs, n, null, rng, logq);
    }

    @Override
    public void sampleTail(byte[] xs, int n, int[] from, RandomGenerator rng, double[] logq) {
        draw(xs, n, from, rng, logq);
    }

    private void draw(byte[] xs, int n, int[] from, RandomGenerator rng, double[] logq) {
        syncKernels();
        for (int start = 0; start < n; start += SAMPLE_BLOCK) {
            int b = Math.min(SAMPLE_BLOCK, n - start);
            if (sampling == null) {
                sampling = new Workspace(SAMPLE_BLOCK, true);
            }
            drawBlock(xs, start, b, from, rng, logq, sampling);
        }
    }

    /**
     * Visits the sites in order; at site j computes every layer's output at j for the b samples from
     * their earlier sites (a gather of the taps and one GEMM per layer), then the logits, then reads s_j
     * (j &lt; from[k]) or draws it. Layer l's outputs live in a ring of the last r (cols + 1) + 1 sites.
     */
    private void drawBlock(byte[] xs, int first, int b, int[] from, RandomGenerator rng, double[] logq, Workspace w) {
        int c = channels;
        int ring = ringSites();
        Arrays.fill(logq, first, first + b, 0);
        for (int j = 0; j < sites; j++) {
            int taps = j * tapsB;
            int slot = j % ring;
            for (int l = 0; l < depth; l++) {
                int kIn = taps(l);
                double[] x = w.xd;
                if (l == 0) {
                    for (int k = 0; k < b; k++) {
                        int offset = (first + k) * sites;
                        for (int t = 0; t < tapsA; t++) {
                            int p = tapSite[taps + t];
                            x[k * kIn + t] = p >= 0 ? xs[offset + p] : 0;
                        }
                    }
                } else {
                    double[] in = w.ring[l - 1];
                    for (int k = 0; k < b; k++) {
                        int row = k * kIn;
                        for (int t = 0; t < tapsB; t++) {
                            int p = tapSite[taps + t];
                            if (p >= 0) {
                                System.arraycopy(in, ((p % ring) * b + k) * c, x, row + t * c, c);
                            } else {
                                Arrays.fill(x, row + t * c, row + (t + 1) * c, 0);
                            }
                        }
                    }
                }
                w.x.write(x, 0, b * kIn);
                NativeArray.gemm(false, false, b, c, kIn, w.x, kIn, kernels[l], c, w.out, c);
                w.out.read(w.outd, 0, b * c);
                double[] h = w.ring[l];
                for (int k = 0; k < b; k++) {
                    int base = (slot * b + k) * c;
                    for (int ch = 0; ch < c; ch++) {
                        h[base + ch] = tanh(w.outd[k * c + ch] + theta[biasOffset[l] + ch]);
                    }
                }
            }
            double[] top = w.ring[depth - 1];
            for (int k = 0; k < b; k++) {
                double y = theta[oC + j];
                int base = (slot * b + k) * c;
                for (int ch = 0; ch < c; ch++) {
                    y += theta[oV + ch] * top[base + ch];
                }
                int q = (first + k) * sites + j;
                byte s;
                if (from != null && j < from[first + k]) {
                    s = xs[q];
                } else {
                    s = rng.nextDouble() * (1 + Math.exp(-y)) < 1 ? (byte) 1 : (byte) -1;
                    xs[q] = s;
                }
                logq[first + k] += Made.logSigmoid(s * y);
            }
        }
    }

    /** Sites kept per layer while sampling: more than the farthest tap, r rows and r columns back. */
    private int ringSites() {
        return Math.min(sites, radius * (cols + 1) + 1);
    }

    /**
     * tanh x as 1 - 2 / (e^{2x} + 1), to within a few ulps of 1 in absolute terms: the JIT's exp
     * intrinsic makes it several times faster than {@link Math#tanh}, the cost that dominated sampling.
     * Every path uses it, so sampled and batched ln q compute the same function.
     */
    static double tanh(double x) {
        return 1 - 2 / (Math.exp(2 * x) + 1);
    }

    // ---------------------------------------------------------------- batched ln q and gradients

    @Override
    public void logDensity(byte[] xs, int n, double[] logq) {
        evaluate(xs, n, logq, false);
    }

    @Override
    public void forward(byte[] xs, int n, double[] logq) {
        evaluate(xs, n, logq, true);
    }

    /** ln q of a batch, chunk by chunk; {@code keep}: the activations of the whole batch stay for backward. */
    private void evaluate(byte[] xs, int n, double[] logq, boolean keep) {
        int perChunk = chunkSamples();
        long cells = (long) n * sites * channels;
        if (keep && cells > Integer.MAX_VALUE - 8) {
            throw B4jException.badInput("a PixelCNN batch of %d samples of %d sites and %d channels needs %,d "
                    + "activations per layer, more than a Java array holds; use a smaller batch", n, sites, channels, cells);
        }
        if (keep && (batchActivations.length != depth || batchActivations[0].length < cells)) {
            batchActivations = new double[depth][(int) cells];
            batchLogits = new double[n * sites];
        }
        syncKernels();
        for (int start = 0; start < n; start += perChunk) {
            int m = Math.min(perChunk, n - start);
            Workspace w = batchedWorkspace();
            if (keep) {
                forwardChunk(xs, start, m, batchActivations, batchLogits, start, w, logq);
            } else {
                forwardChunk(xs, start, m, w.act, w.logits, 0, w, logq);
            }
        }
        if (keep) {
            batchSpins = Arrays.copyOf(xs, n * sites);
            batchSize = n;
        }
    }

    private Workspace batchedWorkspace() {
        if (batched == null) {
            batched = new Workspace(chunkSamples(), false);
        }
        return batched;
    }

    private int chunkSamples() {
        return Math.max(1, CHUNK_ROWS / sites);
    }

    /**
     * Samples first … first + m - 1: every layer as im2col and one GEMM, activations and logits
     * stored in {@code act} and {@code logits} from sample {@code stored} on, then ln q.
     */
    private void forwardChunk(byte[] xs, int first, int m, double[][] act, double[] logits, int stored, Workspace w,
                              double[] logq) {
        int c = channels;
        int rowsM = m * sites;
        for (int l = 0; l < depth; l++) {
            int k = taps(l);
            im2col(l, xs, first, m, act, stored, w.xd);
            w.x.write(w.xd, 0, rowsM * k);
            NativeArray.gemm(false, false, rowsM, c, k, w.x, k, kernels[l], c, w.out, c);
            w.out.read(w.outd, 0, rowsM * c);
            double[] h = act[l];
            int o = stored * sites * c;
            for (int row = 0; row < rowsM; row++) {
                for (int ch = 0; ch < c; ch++) {
                    h[o + row * c + ch] = tanh(w.outd[row * c + ch] + theta[biasOffset[l] + ch]);
                }
            }
        }
        double[] top = act[depth - 1];
        for (int k = 0; k < m; k++) {
            double sum = 0;
            for (int j = 0; j < sites; j++) {
                int row = (stored + k) * sites + j;
                double y = theta[oC + j];
                for (int ch = 0; ch < c; ch++) {
                    y += theta[oV + ch] * top[row * c + ch];
                }
                logits[row] = y;
                sum += Made.logSigmoid(xs[(first + k) * sites + j] * y);
            }
            logq[first + k] = sum;
        }
    }

    /**
     * Fills x (m · D rows of K_l) with layer l's inputs at the taps of every site: the spins of
     * samples first … for l = 0, else layer l - 1's activations in {@code act} from sample {@code stored} on.
     */
    private void im2col(int l, byte[] xs, int first, int m, double[][] act, int stored, double[] x) {
        int c = channels;
        int k = taps(l);
        if (l == 0) {
            for (int s = 0; s < m; s++) {
                int offset = (first + s) * sites;
                for (int j = 0; j < sites; j++) {
                    int row = (s * sites + j) * k;
                    for (int t = 0; t < tapsA; t++) {
                        int p = tapSite[j * tapsB + t];
                        x[row + t] = p >= 0 ? xs[offset + p] : 0;
                    }
                }
            }
            return;
        }
        double[] in = act[l - 1];
        for (int s = 0; s < m; s++) {
            int offset = (stored + s) * sites * c;
            for (int j = 0; j < sites; j++) {
                int row = (s * sites + j) * k;
                for (int t = 0; t < tapsB; t++) {
                    int p = tapSite[j * tapsB + t];
                    if (p >= 0) {
                        System.arraycopy(in, offset + p * c, x, row + t * c, c);
                    } else {
                        Arrays.fill(x, row + t * c, row + (t + 1) * c, 0);
                    }
                }
            }
        }
    }

    @Override
    public void backward(double[] coefficients, double[] gradient) {
        if (batchSize == 0) {
            throw new IllegalStateException("backward needs a forward pass first");
        }
        int c = channels;
        Arrays.fill(gradient, 0);
        int perChunk = chunkSamples();
        for (int start = 0; start < batchSize; start += perChunk) {
            int m = Math.min(perChunk, batchSize - start);
            backwardChunk(coefficients, start, m, batchedWorkspace(), gradient);
        }
    }

    /**
     * Adds the chunk's gradient: logits, then layer by layer from the top, the kernel gradient
     * X_lᵀ · G_l as a GEMM and the input gradient G_l · W_lᵀ scattered back onto the taps (col2im).
     */
    private void backwardChunk(double[] coefficients, int first, int m, Workspace w, double[] gradient) {
        int c = channels;
        int rowsM = m * sites;
        double[] g = w.gd;
        double[] top = batchActivations[depth - 1];
        for (int k = 0; k < m; k++) {
            for (int j = 0; j < sites; j++) {
                int row = (first + k) * sites + j;
                double s = batchSpins[row];
                double gy = coefficients[first + k] * s / (1 + Math.exp(s * batchLogits[row]));
                gradient[oC + j] += gy;
                int local = (k * sites + j) * c;
                for (int ch = 0; ch < c; ch++) {
                    gradient[oV + ch] += gy * top[row * c + ch];
                    g[local + ch] = gy * theta[oV + ch];
                }
            }
        }
        for (int l = depth - 1; l >= 0; l--) {
            double[] h = batchActivations[l];
            int o = first * sites * c;
            for (int row = 0; row < rowsM; row++) {
                for (int ch = 0; ch < c; ch++) {
                    int q = row * c + ch;
                    double a = h[o + q];
                    g[q] *= 1 - a * a;
                    gradient[biasOffset[l] + ch] += g[q];
                }
            }
            int k = taps(l);
            w.g.write(g, 0, rowsM * c);
            im2col(l, batchSpins, first, m, batchActivations, first, w.xd);
            w.x.write(w.xd, 0, rowsM * k);
            NativeArray.gemm(true, false, k, c, rowsM, w.x, k, w.g, c, kernelGradient, c);
            kernelGradient.read(kernelGradientd, 0, k * c);
            for (int q = 0; q < k * c; q++) {
                gradient[weightOffset[l] + q] += kernelGradientd[q];
            }
            if (l == 0) {
                break;
            }
            NativeArray.gemm(false, true, rowsM, k, c, w.g, c, kernels[l], c, w.x, k);
            w.x.read(w.xd, 0, rowsM * k);
            Arrays.fill(g, 0, rowsM * c, 0);
            for (int s = 0; s < m; s++) {
                for (int j = 0; j < sites; j++) {
                    int row = (s * sites + j) * k;
                    for (int t = 0; t < tapsB; t++) {
                        int p = tapSite[j * tapsB + t];
                        if (p >= 0) {
                            int to = (s * sites + p) * c;
                            int fromX = row + t * c;
                            for (int ch = 0; ch < c; ch++) {
                                g[to + ch] += w.xd[fromX + ch];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Native arrays for GEMM and their Java mirrors, sized for the largest chunk: im2col inputs
     * (reused for the input gradient), outputs and output gradients, activations and logits for plain
     * ln q; or, for sampling, the B × K gather, its product and the rings of every layer.
     */
    private final class Workspace {
        final NativeArray x;
        final NativeArray out;
        final NativeArray g;
        final double[] xd;
        final double[] outd;
        final double[] gd;
        final double[][] ring;
        final double[][] act;
        final double[] logits;

        Workspace(int m, boolean sampling) {
            int c = channels;
            int rowsM = sampling ? m : m * sites;
            int wide = Math.max(tapsA, depth > 1 ? tapsB * c : 0);
            x = NativeArray.allocate(rowsM * wide, false);
            out = NativeArray.allocate(rowsM * c, false);
            g = sampling ? null : NativeArray.allocate(rowsM * c, false);
            xd = new double[rowsM * wide];
            outd = new double[rowsM * c];
            gd = sampling ? null : new double[rowsM * c];
            ring = sampling ? new double[depth][ringSites() * m * c] : null;
            act = sampling ? null : new double[depth][rowsM * c];
            logits = sampling ? null : new double[rowsM];
        }
    }

    @Override
    public double descend(double[] gradient) {
        return adam.step(theta, gradient);
    }

    @Override
    public double maximumLikelihoodStep(byte[] xs, int n) {
        double[] logq = new double[n];
        forward(xs, n, logq);
        double[] coefficients = new double[n];
        Arrays.fill(coefficients, -1.0 / n);
        double[] gradient = new double[theta.length];
        backward(coefficients, gradient);
        descend(gradient);
        return -Arrays.stream(logq).average().orElse(0);
    }

    /** Writes {@code pixelcnn.bin}: shape, optimizer settings and state, parameters (exact bits). */
    @Override
    public void save(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeLong(MAGIC);
                for (int v : new int[] {rows, cols, channels, depth, radius}) {
                    out.writeInt(v);
                }
                out.writeDouble(learningRate);
                out.writeDouble(clipNorm);
                double[][] state = adam.state();
                for (double[] a : new double[][] {theta, state[0], state[1], state[2]}) {
                    out.writeInt(a.length);
                    for (double x : a) {
                        out.writeDouble(x);
                    }
                }
            }
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot save the PixelCNN model to %s: %s", file, e.getMessage());
        }
    }

    /**
     * Bytes the activations of a training batch hold: every layer's channels and the logits at every
     * site of every sample, kept from forward to backward (the chunked GEMM workspace is small beside
     * them); computed from the shape without building the model, for the memory check before a run.
     */
    public static long trainingBytes(int rows, int cols, int channels, int depth, int batch) {
        return (long) Double.BYTES * batch * rows * cols * ((long) depth * channels + 1);
    }

    /** Reloads a model written by {@link #save(Path)}. */
    public static PixelCnn load(Path dir) {
        Path file = dir.resolve(FILE);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readLong() != MAGIC) {
                throw B4jException.badInput("%s is not a saved PixelCNN model", file);
            }
            PixelCnn model = new PixelCnn(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                    in.readDouble(), in.readDouble(), 0);
            double[][] arrays = new double[4][];
            for (int a = 0; a < 4; a++) {
                arrays[a] = new double[in.readInt()];
                for (int i = 0; i < arrays[a].length; i++) {
                    arrays[a][i] = in.readDouble();
                }
            }
            if (arrays[0].length != model.theta.length) {
                throw B4jException.badInput("%s is corrupt: %d parameters where the architecture has %d",
                        file, arrays[0].length, model.theta.length);
            }
            System.arraycopy(arrays[0], 0, model.theta, 0, arrays[0].length);
            model.adam.restore(new double[][] {arrays[1], arrays[2], arrays[3]});
            return model;
        } catch (IOException e) {
            throw B4jException.badInput("cannot read the PixelCNN model %s: %s", file, e.getMessage());
        }
    }
}
