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

/**
 * A PixelCNN (van den Oord et al. 2016; the VAN of Wu, Wang and Zhang 2019) over spins of a
 * rows × cols lattice in raster order: a stack of masked convolutions of radius r with C channels
 * and tanh activations (the first excludes the centre site, the others include it), zero padding,
 * then a per-site logit y_j = c_j + Σ_ch v_ch h_ch(j) and q(s_j = +1 | s_&lt;j) = σ(y_j).
 *
 * <p>Every layer's output at site j depends only on sites before j, so sampling computes each
 * layer once per site, in order, from cached outputs at earlier sites: drawing a configuration
 * costs exactly one forward pass, and ln q of a batch runs through the same code. Plain Java
 * loops throughout (no GEMM), so it is slower than {@link Made} per sample at equal parameter
 * count, but its parameters do not grow with the lattice.
 */
public final class PixelCnn implements AutoregressiveModel {

    /** The file {@link #save} writes into its directory. */
    public static final String FILE = "pixelcnn.bin";
    private static final long MAGIC = 0x42344a50434e4e31L; // "B4JPCNN1"

    private final int rows;
    private final int cols;
    private final int sites;
    private final int channels;
    private final int depth;
    private final int radius;
    private final double learningRate;
    private final double clipNorm;
    /** Tap offsets (dr, dc) of the centre-excluding first layer, then the centre as the last tap of later layers. */
    private final int[] tapRow;
    private final int[] tapCol;
    private final int tapsA;
    private final int tapsB;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int oV;
    private final int oC;
    private final double[] theta;
    private final Adam adam;
    /** Activations of the last forward batch: [sample][layer][site · C + channel]. */
    private double[][][] batchActivations = new double[0][][];
    private double[] batchLogits = new double[0];
    private byte[] batchSpins = new byte[0];
    private int batchSize;
    private final double[][] scratch;
    private final double[] scratchLogits;

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
        tapRow = new int[tapsB];
        tapCol = new int[tapsB];
        int t = 0;
        for (int dr = -radius; dr <= 0; dr++) {
            for (int dc = -radius; dc <= (dr < 0 ? radius : -1); dc++) {
                tapRow[t] = dr;
                tapCol[t] = dc;
                t++;
            }
        }
        // tapRow/tapCol[tapsA] = (0, 0): the centre, used from the second layer on
        int c = channels;
        weightOffset = new int[depth];
        biasOffset = new int[depth];
        int o = 0;
        for (int l = 0; l < depth; l++) {
            weightOffset[l] = o;
            o += l == 0 ? tapsA * c : tapsB * c * c;
            biasOffset[l] = o;
            o += c;
        }
        oV = o;
        oC = oV + c;
        theta = new double[oC + sites];
        adam = new Adam(theta.length, learningRate, clipNorm);
        scratch = new double[depth][sites * c];
        scratchLogits = new double[sites];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 0; l < depth; l++) {
            int fanIn = l == 0 ? tapsA : tapsB * c;
            for (int p = weightOffset[l]; p < biasOffset[l]; p++) {
                theta[p] = rng.nextGaussian() / Math.sqrt(fanIn);
            }
        }
        for (int ch = 0; ch < c; ch++) {
            theta[oV + ch] = 0.1 * rng.nextGaussian() / Math.sqrt(c);
        }
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

    @Override
    public void sample(int n, RandomGenerator rng, byte[] xs, double[] logq) {
        for (int k = 0; k < n; k++) {
            logq[k] = walk(xs, k * sites, 0, rng, scratch, scratchLogits);
        }
    }

    @Override
    public void sampleTail(byte[] xs, int n, int[] from, RandomGenerator rng, double[] logq) {
        for (int k = 0; k < n; k++) {
            logq[k] = walk(xs, k * sites, from[k], rng, scratch, scratchLogits);
        }
    }

    @Override
    public void logDensity(byte[] xs, int n, double[] logq) {
        for (int k = 0; k < n; k++) {
            logq[k] = walk(xs, k * sites, sites, null, scratch, scratchLogits);
        }
    }

    /**
     * Visits the sites in order; at site j computes every layer's output at j from earlier sites,
     * then the logit, then reads s_j (j &lt; from) or draws it. Returns ln q.
     */
    private double walk(byte[] xs, int offset, int from, RandomGenerator rng, double[][] h, double[] logits) {
        int c = channels;
        double logq = 0;
        for (int j = 0; j < sites; j++) {
            int r = j / cols;
            int col = j % cols;
            for (int l = 0; l < depth; l++) {
                double[] out = h[l];
                int base = j * c;
                System.arraycopy(theta, biasOffset[l], out, base, c);
                if (l == 0) {
                    for (int t = 0; t < tapsA; t++) {
                        int p = neighbour(r, col, t);
                        if (p >= 0) {
                            double s = xs[offset + p];
                            int w = weightOffset[0] + t * c;
                            for (int ch = 0; ch < c; ch++) {
                                out[base + ch] += s * theta[w + ch];
                            }
                        }
                    }
                } else {
                    double[] in = h[l - 1];
                    for (int t = 0; t < tapsB; t++) {
                        int p = neighbour(r, col, t);
                        if (p >= 0) {
                            for (int ci = 0; ci < c; ci++) {
                                double x = in[p * c + ci];
                                int w = weightOffset[l] + (t * c + ci) * c;
                                for (int ch = 0; ch < c; ch++) {
                                    out[base + ch] += x * theta[w + ch];
                                }
                            }
                        }
                    }
                }
                for (int ch = 0; ch < c; ch++) {
                    out[base + ch] = Math.tanh(out[base + ch]);
                }
            }
            double y = theta[oC + j];
            double[] top = h[depth - 1];
            for (int ch = 0; ch < c; ch++) {
                y += theta[oV + ch] * top[j * c + ch];
            }
            logits[j] = y;
            byte s;
            if (j < from) {
                s = xs[offset + j];
            } else {
                s = rng.nextDouble() * (1 + Math.exp(-y)) < 1 ? (byte) 1 : (byte) -1;
                xs[offset + j] = s;
            }
            logq += Made.logSigmoid(s * y);
        }
        return logq;
    }

    /** The site at tap t of site (r, col), or -1 outside the lattice (zero padding). */
    private int neighbour(int r, int col, int t) {
        int pr = r + tapRow[t];
        int pc = col + tapCol[t];
        return pr < 0 || pc < 0 || pc >= cols ? -1 : pr * cols + pc;
    }

    @Override
    public void forward(byte[] xs, int n, double[] logq) {
        if (batchActivations.length < n) {
            batchActivations = new double[n][depth][sites * channels];
            batchLogits = new double[n * sites];
        }
        batchSpins = Arrays.copyOf(xs, n * sites);
        batchSize = n;
        double[] logits = new double[sites];
        for (int k = 0; k < n; k++) {
            logq[k] = walk(xs, k * sites, sites, null, batchActivations[k], logits);
            System.arraycopy(logits, 0, batchLogits, k * sites, sites);
        }
    }

    @Override
    public void backward(double[] coefficients, double[] gradient) {
        int c = channels;
        Arrays.fill(gradient, 0);
        double[][] g = new double[depth][sites * c];
        for (int k = 0; k < batchSize; k++) {
            double[][] h = batchActivations[k];
            for (double[] row : g) {
                Arrays.fill(row, 0);
            }
            double[] top = h[depth - 1];
            double[] gTop = g[depth - 1];
            for (int j = 0; j < sites; j++) {
                double s = batchSpins[k * sites + j];
                double gy = coefficients[k] * s / (1 + Math.exp(s * batchLogits[k * sites + j]));
                gradient[oC + j] += gy;
                for (int ch = 0; ch < c; ch++) {
                    gradient[oV + ch] += gy * top[j * c + ch];
                    gTop[j * c + ch] = gy * theta[oV + ch];
                }
            }
            for (int l = depth - 1; l >= 0; l--) {
                double[] out = h[l];
                double[] ga = g[l];
                for (int q = 0; q < sites * c; q++) {
                    ga[q] *= 1 - out[q] * out[q];
                }
                for (int j = 0; j < sites; j++) {
                    int r = j / cols;
                    int col = j % cols;
                    int base = j * c;
                    for (int ch = 0; ch < c; ch++) {
                        gradient[biasOffset[l] + ch] += ga[base + ch];
                    }
                    if (l == 0) {
                        for (int t = 0; t < tapsA; t++) {
                            int p = neighbour(r, col, t);
                            if (p >= 0) {
                                double s = batchSpins[k * sites + p];
                                int w = weightOffset[0] + t * c;
                                for (int ch = 0; ch < c; ch++) {
                                    gradient[w + ch] += s * ga[base + ch];
                                }
                            }
                        }
                    } else {
                        double[] in = h[l - 1];
                        double[] gin = g[l - 1];
                        for (int t = 0; t < tapsB; t++) {
                            int p = neighbour(r, col, t);
                            if (p >= 0) {
                                for (int ci = 0; ci < c; ci++) {
                                    int w = weightOffset[l] + (t * c + ci) * c;
                                    double x = in[p * c + ci];
                                    double back = 0;
                                    for (int ch = 0; ch < c; ch++) {
                                        gradient[w + ch] += x * ga[base + ch];
                                        back += theta[w + ch] * ga[base + ch];
                                    }
                                    gin[p * c + ci] += back;
                                }
                            }
                        }
                    }
                }
            }
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
