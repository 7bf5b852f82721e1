package org.boltzmann4j.analysis.freeenergy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.sampler.UmbrellaRun;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.LUDecomposition;

/**
 * The weighted histogram analysis method (Kumar et al. 1992) for harmonic umbrella windows. On a
 * fine grid ({@code subdivisions} per output bin, so the bias hardly varies inside a bin) it
 * iterates the self-consistent equations,
 * ln p_b = ln M_b - ln Σ_k N_k e^{f_k - w_k(x_b)} and f_k = -ln Σ_b p_b e^{-w_k(x_b)},
 * for the window free energies f_k (kept as logarithms; Anderson-accelerated) until one more step
 * moves no f_k by more than {@code tolerance}; output bins sum the fine ones. Only samples in
 * [low, high] are used, so p (and each window's f_k) refers to that range.
 *
 * <p>Errors come from a block bootstrap: each window's chains are cut into blocks of 4 integrated
 * autocorrelation times of ξ (longer if that makes more than 1000 blocks per window), blocks are
 * redrawn with replacement within each window, and WHAM is solved again for every replica (to a
 * tolerance of 1e-7 at most).
 *
 * @param subdivisions fine bins per output bin
 * @param tolerance    largest change of any f_k (kT) at convergence
 * @param replicas     bootstrap replicas
 * @param seed         seed of the bootstrap draws
 */
public record Wham(int subdivisions, double tolerance, int replicas, long seed) {

    /** Bootstrap block length in integrated autocorrelation times. */
    static final double BLOCKS_PER_TAU = 4;
    /** Blocks per window at most (longer blocks beyond that only cost time). */
    static final int MAX_BLOCKS = 1000;
    static final int MAX_ITERATIONS = 100_000;
    /** Past iterates combined by the Anderson acceleration. */
    static final int ANDERSON_DEPTH = 5;
    /** Tolerance of the bootstrap solves, which start from the full-data solution: far below any error bar. */
    static final double REPLICA_TOLERANCE = 1e-7;
    /** Bias factors below this (relative to the largest) are dropped from the sums. */
    static final double NEGLIGIBLE = 1e-50;

    public Wham {
        if (subdivisions < 1 || !(tolerance > 0) || replicas < 2) {
            throw B4jException.badInput("WHAM needs subdivisions >= 1, tolerance > 0 and replicas >= 2 (got %d, %s, %d)",
                    subdivisions, tolerance, replicas);
        }
    }

    /** 8 subdivisions, tolerance 1e-10, 100 bootstrap replicas, seed 1. */
    public static Wham defaults() {
        return new Wham(8, 1e-10, 100, 1);
    }

    /** The unbiased profile of ξ on {@code bins} bins of [low, high], with bootstrap errors. */
    public FreeEnergyEstimate estimate(UmbrellaRun run, double low, double high, int bins) {
        Binning.checkRange(low, high, bins);
        int windows = run.windows();
        int fine = bins * subdivisions;
        Solver solver = new Solver(run, Binning.centres(low, high, fine));
        double[] g = Binning.inefficiencies(run);

        // each window's chains cut into blocks; block j of window k is the sparse histogram
        // {bin, count, bin, count, ...} in histograms[k][offsets[k][j] .. offsets[k][j + 1])
        int[][] histograms = new int[windows][];
        int[][] offsets = new int[windows][];
        int[][] counts = new int[windows][fine];
        for (int k = 0; k < windows; k++) {
            double[][] traces = run.traces()[k];
            int length = traces[0].length;
            long records = (long) traces.length * length;
            int block = (int) Math.min(length, Math.max(Math.ceil(BLOCKS_PER_TAU * g[k]), Math.ceil(records / (double) MAX_BLOCKS)));
            int perChain = (length + block - 1) / block;
            offsets[k] = new int[traces.length * perChain + 1];
            int[] data = new int[(int) Math.min(Integer.MAX_VALUE - 8, 2 * records)];
            int used = 0;
            int j = 0;
            int[] blockCounts = new int[fine];
            for (double[] chain : traces) {
                for (int from = 0; from < length; from += block) {
                    int to = Math.min(length, from + block);
                    for (int t = from; t < to; t++) {
                        int bin = Binning.index(chain[t], low, high, fine);
                        if (bin >= 0) {
                            blockCounts[bin]++;
                        }
                    }
                    for (int t = from; t < to; t++) {
                        int bin = Binning.index(chain[t], low, high, fine);
                        if (bin >= 0 && blockCounts[bin] > 0) {
                            data[used++] = bin;
                            data[used++] = blockCounts[bin];
                            counts[k][bin] += blockCounts[bin];
                            blockCounts[bin] = 0;
                        }
                    }
                    offsets[k][++j] = used;
                }
            }
            histograms[k] = Arrays.copyOf(data, used);
        }

        double[] f = solver.solve(counts, new double[windows], tolerance);
        double[] minusLnP = coarse(solver.lnP, bins);
        double[] windowF = relative(f);

        SplittableRandom rng = new SplittableRandom(seed);
        double[][] replicaF = new double[replicas][];
        double[][] replicaWindowF = new double[replicas][];
        for (int r = 0; r < replicas; r++) {
            for (int k = 0; k < windows; k++) {
                Arrays.fill(counts[k], 0);
                int nBlocks = offsets[k].length - 1;
                int[] data = histograms[k];
                for (int draw = 0; draw < nBlocks; draw++) {
                    int blk = rng.nextInt(nBlocks);
                    for (int i = offsets[k][blk]; i < offsets[k][blk + 1]; i += 2) {
                        counts[k][data[i]] += data[i + 1];
                    }
                }
            }
            replicaWindowF[r] = relative(solver.solve(counts, f, Math.max(tolerance, REPLICA_TOLERANCE)));
            replicaF[r] = coarse(solver.lnP, bins);
        }
        double[][] covariance = covariance(replicaF);
        double[][] windowCov = covariance(replicaWindowF);
        double[] windowErr = new double[windows];
        for (int k = 0; k < windows; k++) {
            windowErr[k] = Math.sqrt(windowCov[k][k]);
        }
        return FreeEnergyEstimate.of(run, Binning.centres(low, high, bins), minusLnP, covariance, windowF, windowErr, g);
    }

    /** -ln of the summed probability of each output bin; +∞ for a bin without samples. */
    private double[] coarse(double[] lnP, int bins) {
        double[] out = new double[bins];
        double[] part = new double[subdivisions];
        for (int b = 0; b < bins; b++) {
            System.arraycopy(lnP, b * subdivisions, part, 0, subdivisions);
            out[b] = -Binning.logSumExp(part);
        }
        return out;
    }

    private static double[] relative(double[] f) {
        double[] out = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            out[k] = f[k] - f[0];
        }
        return out;
    }

    /**
     * Sample covariance of the replicas' values, pairwise over the replicas where both are finite;
     * NaN where the full data have no sample, +∞ variance where fewer than two replicas saw the bin.
     */
    static double[][] covariance(double[][] replicas) {
        int m = replicas[0].length;
        double[][] cov = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double si = 0;
                double sj = 0;
                int n = 0;
                for (double[] r : replicas) {
                    if (Double.isFinite(r[i]) && Double.isFinite(r[j])) {
                        si += r[i];
                        sj += r[j];
                        n++;
                    }
                }
                double c = Double.POSITIVE_INFINITY;
                if (n >= 2) {
                    double mi = si / n;
                    double mj = sj / n;
                    double s = 0;
                    for (double[] r : replicas) {
                        if (Double.isFinite(r[i]) && Double.isFinite(r[j])) {
                            s += (r[i] - mi) * (r[j] - mj);
                        }
                    }
                    c = s / (n - 1);
                } else if (i != j) {
                    c = Double.NaN;
                }
                cov[i][j] = c;
                cov[j][i] = c;
            }
        }
        return cov;
    }

    /**
     * The self-consistent iteration on one fine grid. The bias factors are tabulated once, each
     * shifted so that its largest entry is 1, and factors below 1e-50 are dropped,
     * so an iteration costs two sparse products and no exponential per bin.
     */
    private static final class Solver {

        private final int windows;
        private final int bins;
        /** For bin b: the windows that reach it and e^{-(w_kb - s_b)}, s_b = min_k w_kb. */
        private final int[][] binWindows;
        private final double[][] byBin;
        private final double[] binShift;
        /** For window k: the bins it reaches and e^{-(w_kb - t_k)}, t_k = min_b w_kb. */
        private final int[][] windowBins;
        private final double[][] byWindow;
        private final double[] windowShift;
        /** ln p_b of the last solve, -∞ for empty bins, normalized over the grid. */
        double[] lnP;

        Solver(UmbrellaRun run, double[] x) {
            this.windows = run.windows();
            this.bins = x.length;
            double[][] w = new double[windows][bins];
            binShift = new double[bins];
            windowShift = new double[windows];
            Arrays.fill(binShift, Double.POSITIVE_INFINITY);
            Arrays.fill(windowShift, Double.POSITIVE_INFINITY);
            for (int k = 0; k < windows; k++) {
                for (int b = 0; b < bins; b++) {
                    w[k][b] = run.bias(k, x[b]);
                    binShift[b] = Math.min(binShift[b], w[k][b]);
                    windowShift[k] = Math.min(windowShift[k], w[k][b]);
                }
            }
            binWindows = new int[bins][];
            byBin = new double[bins][];
            for (int b = 0; b < bins; b++) {
                int bb = b;
                binWindows[b] = java.util.stream.IntStream.range(0, windows)
                        .filter(k -> Math.exp(-(w[k][bb] - binShift[bb])) > NEGLIGIBLE).toArray();
                byBin[b] = Arrays.stream(binWindows[b]).mapToDouble(k -> Math.exp(-(w[k][bb] - binShift[bb]))).toArray();
            }
            windowBins = new int[windows][];
            byWindow = new double[windows][];
            for (int k = 0; k < windows; k++) {
                int kk = k;
                windowBins[k] = java.util.stream.IntStream.range(0, bins)
                        .filter(b -> Math.exp(-(w[kk][b] - windowShift[kk])) > NEGLIGIBLE).toArray();
                byWindow[k] = Arrays.stream(windowBins[k]).mapToDouble(b -> Math.exp(-(w[kk][b] - windowShift[kk]))).toArray();
            }
        }

        /** Iterates from {@code start} to convergence; returns f and leaves ln p in {@link #lnP}. */
        double[] solve(int[][] counts, double[] start, double tol) {
            double[] n = new double[windows];
            int[] m = new int[bins];
            for (int k = 0; k < windows; k++) {
                for (int b = 0; b < bins; b++) {
                    n[k] += counts[k][b];
                    m[b] += counts[k][b];
                }
            }
            // p_b ∝ M_b e^{s_b} / Σ_k N_k e^{f_k} e^{-(w_kb - s_b)}; c_b = M_b e^{s_b - max s}
            double sMax = Double.NEGATIVE_INFINITY;
            for (int b = 0; b < bins; b++) {
                sMax = m[b] > 0 ? Math.max(sMax, binShift[b]) : sMax;
            }
            if (sMax == Double.NEGATIVE_INFINITY) {
                throw B4jException.failure("no umbrella sample fell in the profile range");
            }
            double[] c = new double[bins];
            for (int b = 0; b < bins; b++) {
                c[b] = m[b] > 0 ? m[b] * Math.exp(binShift[b] - sMax) : 0;
            }
            double[] f = start.clone();
            double[] next = new double[windows];
            double[] residual = new double[windows];
            double[] p = new double[bins];
            Anderson anderson = new Anderson(windows);
            for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
                double sum = iterate(f, n, c, next, p);
                double change = 0;
                for (int k = 0; k < windows; k++) {
                    residual[k] = n[k] > 0 ? next[k] - f[k] : 0;
                    change = Math.max(change, Math.abs(residual[k]));
                }
                if (change < tol) {
                    lnP = new double[bins];
                    for (int b = 0; b < bins; b++) {
                        lnP[b] = Math.log(p[b] / sum);
                    }
                    return next;
                }
                anderson.mix(next, residual, change, f);
            }
            throw B4jException.failure("WHAM did not converge to %s in %d iterations", tol, MAX_ITERATIONS);
        }

        /**
         * One self-consistent step: from f, the unnormalized p_b (returned sum) and the new f_k in
         * {@code next}.
         */
        private double iterate(double[] f, double[] n, double[] c, double[] next, double[] p) {
            double fMax = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < windows; k++) {
                fMax = n[k] > 0 ? Math.max(fMax, f[k]) : fMax;
            }
            double[] a = new double[windows];
            for (int k = 0; k < windows; k++) {
                a[k] = n[k] > 0 ? n[k] * Math.exp(f[k] - fMax) : 0;
            }
            double sum = 0;
            for (int b = 0; b < bins; b++) {
                if (c[b] == 0) {
                    p[b] = 0;
                    continue;
                }
                double denominator = 0;
                int[] ks = binWindows[b];
                double[] e = byBin[b];
                for (int j = 0; j < ks.length; j++) {
                    denominator += a[ks[j]] * e[j];
                }
                if (!(denominator > 0)) {
                    throw B4jException.failure("WHAM: no sampled window reaches bin %d; the windows do not overlap", b);
                }
                p[b] = c[b] / denominator;
                sum += p[b];
            }
            for (int k = 0; k < windows; k++) {
                double s = 0;
                int[] bs = windowBins[k];
                double[] e = byWindow[k];
                for (int j = 0; j < bs.length; j++) {
                    s += p[bs[j]] * e[j];
                }
                next[k] = windowShift[k] - Math.log(s / sum);
            }
            return sum;
        }
    }
    /**
     * Anderson acceleration of the fixed-point map f -> G(f): the next f combines the last
     * 5 images so as to minimize the linearized residual; it falls back to
     * the plain step G(f) whenever the residual grows.
     */
    private static final class Anderson {

        private final int size;
        private final double[][] residualSteps = new double[ANDERSON_DEPTH][];
        private final double[][] imageSteps = new double[ANDERSON_DEPTH][];
        private double[] lastResidual;
        private double[] lastImage;
        private int stored;
        private int oldest;
        private double best = Double.POSITIVE_INFINITY;

        Anderson(int size) {
            this.size = size;
        }

        /** Writes the next iterate to {@code f}, given the image G(f) and residual G(f) - f. */
        void mix(double[] image, double[] residual, double change, double[] f) {
            if (change > 100 * best) {
                stored = 0;
                lastResidual = null;
            }
            best = Math.min(best, change);
            if (lastResidual != null) {
                int slot = stored < ANDERSON_DEPTH ? stored++ : oldest++ % ANDERSON_DEPTH;
                double[] dr = new double[size];
                double[] dg = new double[size];
                for (int k = 0; k < size; k++) {
                    dr[k] = residual[k] - lastResidual[k];
                    dg[k] = image[k] - lastImage[k];
                }
                residualSteps[slot] = dr;
                imageSteps[slot] = dg;
            }
            lastResidual = residual.clone();
            lastImage = image.clone();
            System.arraycopy(image, 0, f, 0, size);
            if (stored == 0) {
                return;
            }
            double[][] normal = new double[stored][stored];
            double[] rhs = new double[stored];
            double trace = 0;
            for (int i = 0; i < stored; i++) {
                for (int j = 0; j < stored; j++) {
                    normal[i][j] = dot(residualSteps[i], residualSteps[j]);
                }
                rhs[i] = dot(residualSteps[i], residual);
                trace += normal[i][i];
            }
            for (int i = 0; i < stored; i++) {
                normal[i][i] += 1e-10 * trace;
            }
            double[] gamma;
            try {
                gamma = new LUDecomposition(new Array2DRowRealMatrix(normal, false), 0).getSolver()
                        .solve(new ArrayRealVector(rhs, false)).toArray();
            } catch (MathIllegalArgumentException e) {
                stored = 0; // degenerate history: plain step
                return;
            }
            for (int i = 0; i < stored; i++) {
                for (int k = 0; k < size; k++) {
                    f[k] -= gamma[i] * imageSteps[i][k];
                }
            }
            for (double v : f) {
                if (!Double.isFinite(v)) {
                    System.arraycopy(image, 0, f, 0, size);
                    stored = 0;
                    return;
                }
            }
        }

        private static double dot(double[] a, double[] b) {
            double s = 0;
            for (int k = 0; k < a.length; k++) {
                s += a[k] * b[k];
            }
            return s;
        }
    }
}
