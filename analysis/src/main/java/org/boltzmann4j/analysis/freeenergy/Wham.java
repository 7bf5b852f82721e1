package org.boltzmann4j.analysis.freeenergy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;

/**
 * The weighted histogram analysis method (Kumar et al. 1992) for harmonic umbrella windows. On a
 * fine grid ({@code subdivisions} per output bin, so the bias hardly varies inside a bin) it
 * iterates the self-consistent equations in log space,
 * ln p_b = ln M_b - ln Σ_k N_k e^{f_k - w_k(x_b)} and f_k = -ln Σ_b p_b e^{-w_k(x_b)},
 * until no f_k moves by more than {@code tolerance}; output bins sum the fine ones. Only samples in
 * [low, high] are used, so p is normalized over that range.
 *
 * <p>Errors come from a block bootstrap: each window's chains are cut into blocks of
 * {@value #BLOCKS_PER_TAU} integrated autocorrelation times of ξ, blocks are redrawn with
 * replacement within each window, and WHAM is solved again for every replica.
 *
 * @param subdivisions fine bins per output bin
 * @param tolerance    largest change of any f_k (kT) at convergence
 * @param replicas     bootstrap replicas
 * @param seed         seed of the bootstrap draws
 */
public record Wham(int subdivisions, double tolerance, int replicas, long seed) {

    /** Bootstrap block length in integrated autocorrelation times. */
    static final double BLOCKS_PER_TAU = 4;
    static final int MAX_ITERATIONS = 1_000_000;

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

        int[][][] index = new int[windows][][];
        List<List<int[]>> blocks = new ArrayList<>();
        int[][] counts = new int[windows][fine];
        for (int k = 0; k < windows; k++) {
            double[][] traces = run.traces()[k];
            index[k] = new int[traces.length][];
            List<int[]> windowBlocks = new ArrayList<>();
            int length = traces[0].length;
            int block = (int) Math.min(length, Math.ceil(BLOCKS_PER_TAU * g[k]));
            for (int c = 0; c < traces.length; c++) {
                index[k][c] = new int[traces[c].length];
                for (int t = 0; t < traces[c].length; t++) {
                    int b = Binning.index(traces[c][t], low, high, fine);
                    index[k][c][t] = b;
                    if (b >= 0) {
                        counts[k][b]++;
                    }
                }
                for (int from = 0; from < traces[c].length; from += block) {
                    windowBlocks.add(new int[] {c, from, Math.min(traces[c].length, from + block)});
                }
            }
            blocks.add(windowBlocks);
        }

        double[] f = solver.solve(counts, new double[windows]);
        double[] minusLnP = coarse(solver.lnP, bins);
        double[] windowF = relative(f);

        SplittableRandom rng = new SplittableRandom(seed);
        double[][] replicaF = new double[replicas][];
        double[][] replicaWindowF = new double[replicas][];
        for (int r = 0; r < replicas; r++) {
            for (int k = 0; k < windows; k++) {
                Arrays.fill(counts[k], 0);
                List<int[]> windowBlocks = blocks.get(k);
                for (int draw = 0; draw < windowBlocks.size(); draw++) {
                    int[] blk = windowBlocks.get(rng.nextInt(windowBlocks.size()));
                    int[] idx = index[k][blk[0]];
                    for (int t = blk[1]; t < blk[2]; t++) {
                        if (idx[t] >= 0) {
                            counts[k][idx[t]]++;
                        }
                    }
                }
            }
            replicaWindowF[r] = relative(solver.solve(counts, f));
            replicaF[r] = coarse(solver.lnP, bins);
        }
        double[][] covariance = covariance(replicaF);
        double[][] windowCov = covariance(replicaWindowF);
        double[] windowErr = new double[windows];
        for (int k = 0; k < windows; k++) {
            windowErr[k] = Math.sqrt(windowCov[k][k]);
        }
        return FreeEnergyEstimate.of(Binning.centres(low, high, bins), minusLnP, covariance, windowF, windowErr, g);
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

    /** The self-consistent iteration on one fine grid, with the bias tables computed once. */
    private final class Solver {

        private final int windows;
        private final int bins;
        /** e^{-(w_kb - s_b)}, s_b = min_k w_kb: each bin's largest entry is 1. */
        private final double[][] byBin;
        private final double[] binShift;
        /** e^{-(w_kb - t_k)}, t_k = min_b w_kb: each window's largest entry is 1. */
        private final double[][] byWindow;
        private final double[] windowShift;
        /** ln p_b of the last solve, -∞ for empty bins, normalized over the grid. */
        double[] lnP;

        Solver(UmbrellaRun run, double[] x) {
            windows = run.windows();
            bins = x.length;
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
            byBin = new double[windows][bins];
            byWindow = new double[windows][bins];
            for (int k = 0; k < windows; k++) {
                for (int b = 0; b < bins; b++) {
                    byBin[k][b] = Math.exp(-(w[k][b] - binShift[b]));
                    byWindow[k][b] = Math.exp(-(w[k][b] - windowShift[k]));
                }
            }
        }

        /** Iterates from {@code start} to convergence; returns f and leaves ln p in {@link #lnP}. */
        double[] solve(int[][] counts, double[] start) {
            double[] n = new double[windows];
            double[] lnM = new double[bins];
            int[] m = new int[bins];
            for (int k = 0; k < windows; k++) {
                for (int b = 0; b < bins; b++) {
                    n[k] += counts[k][b];
                    m[b] += counts[k][b];
                }
            }
            int used = 0;
            for (int b = 0; b < bins; b++) {
                lnM[b] = m[b] > 0 ? Math.log(m[b]) : Double.NEGATIVE_INFINITY;
                used += m[b] > 0 ? 1 : 0;
            }
            if (used == 0) {
                throw B4jException.failure("no umbrella sample fell in the profile range");
            }
            double[] f = start.clone();
            double[] lnp = new double[bins];
            double[] a = new double[windows];
            double[] p = new double[bins];
            for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
                double fMax = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < windows; k++) {
                    fMax = n[k] > 0 ? Math.max(fMax, f[k]) : fMax;
                }
                for (int k = 0; k < windows; k++) {
                    a[k] = n[k] > 0 ? n[k] * Math.exp(f[k] - fMax) : 0;
                }
                for (int b = 0; b < bins; b++) {
                    if (m[b] == 0) {
                        lnp[b] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double denominator = 0;
                    for (int k = 0; k < windows; k++) {
                        denominator += a[k] * byBin[k][b];
                    }
                    if (!(denominator > 0)) {
                        throw B4jException.failure("WHAM: no window covers bin %d with samples; the windows do not overlap", b);
                    }
                    lnp[b] = lnM[b] + binShift[b] - fMax - Math.log(denominator);
                }
                double norm = Binning.logSumExp(lnp);
                double lnpMax = Double.NEGATIVE_INFINITY;
                for (int b = 0; b < bins; b++) {
                    lnp[b] -= norm;
                    lnpMax = Math.max(lnpMax, lnp[b]);
                }
                for (int b = 0; b < bins; b++) {
                    p[b] = Math.exp(lnp[b] - lnpMax);
                }
                double change = 0;
                for (int k = 0; k < windows; k++) {
                    double s = 0;
                    for (int b = 0; b < bins; b++) {
                        s += p[b] * byWindow[k][b];
                    }
                    double fk = s > 0 ? windowShift[k] - lnpMax - Math.log(s) : Double.POSITIVE_INFINITY;
                    if (n[k] > 0) {
                        change = Math.max(change, Math.abs(fk - f[k]));
                    }
                    f[k] = fk;
                }
                if (change < tolerance) {
                    lnP = lnp;
                    return f;
                }
            }
            throw B4jException.failure("WHAM did not converge to %s in %d iterations", tolerance, MAX_ITERATIONS);
        }
    }
}
