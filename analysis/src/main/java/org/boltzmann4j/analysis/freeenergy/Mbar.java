package org.boltzmann4j.analysis.freeenergy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.sampler.UmbrellaRun;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * The multistate Bennett acceptance ratio (Shirts and Chodera 2008) for harmonic umbrella windows.
 * Each window's chains are first thinned to one record per integrated autocorrelation time of ξ,
 * so the samples are nearly independent, and further to at most {@code maxSamplesPerWindow} (the
 * cost grows with samples × overlapping windows²; the errors stay honest for the samples kept).
 * The window free energies minimize the convex function Σ_n ln Σ_k N_k e^{f_k - u_k(x_n)} - Σ_k N_k f_k,
 * solved by Newton's method with a backtracking line search until every window's weights sum to 1
 * within {@code tolerance}. The profile is the
 * histogram of the unbiased weights e^{-ln Σ_k N_k e^{f_k - u_k(x_n)}} over [low, high], without
 * binning of the biases.
 *
 * <p>Errors are the asymptotic covariance Θ = Wᵀ(I - W N Wᵀ)⁺W, with W extended by one state per
 * bin and one for the range, computed from the eigenvectors of WᵀW.
 *
 * @param tolerance           largest |Σ_n W_nk - 1| at convergence
 * @param maxSamplesPerWindow samples kept per window at most
 */
public record Mbar(double tolerance, int maxSamplesPerWindow) {

    static final int MAX_NEWTON = 200;
    /** Weights W_nk (each window's sum to 1) below this are left out of the window-window sums. */
    static final double NEGLIGIBLE = 1e-18;
    /** ln of a weight far below {@link #NEGLIGIBLE} (e^-50 ≈ 2e-22): not evaluated, taken as 0. */
    static final double SKIPPED_EXPONENT = -50;
    /** Relative eigenvalue below which a direction counts as unsampled. */
    static final double EIGEN_CUTOFF = 1e-12;

    public Mbar {
        if (!(tolerance > 0) || maxSamplesPerWindow < 1) {
            throw B4jException.badInput("MBAR needs a tolerance > 0 and at least one sample per window (got %s, %d)",
                    tolerance, maxSamplesPerWindow);
        }
    }

    /** Tolerance 1e-10, at most 10000 samples per window. */
    public static Mbar defaults() {
        return new Mbar(1e-10, 10_000);
    }

    /**
     * An MBAR estimate with what else came out of it.
     *
     * @param estimate         the unbiased profile, its covariance and the window free energies
     * @param observables      unbiased expectation of each observable passed to {@link #reweight}, with
     *                         its asymptotic error (Shirts and Chodera 2008, eq. 15; τ_int not defined: NaN)
     * @param iterations       Newton steps to convergence
     * @param neighbourOverlap O_{k,k+1} of the overlap matrix O = WᵀWN (Klimovich, Shirts and Mobley
     *                         2015) for each pair of neighbouring windows: 0 when they share no sample,
     *                         above about 0.03 for a reliable estimate
     */
    public record Result(FreeEnergyEstimate estimate, List<Estimate> observables, int iterations,
                         double[] neighbourOverlap) {
    }

    /** The unbiased profile of ξ on {@code bins} bins of [low, high], with asymptotic errors. */
    public FreeEnergyEstimate estimate(UmbrellaRun run, double low, double high, int bins) {
        return reweight(run, low, high, bins, List.of()).estimate();
    }

    /**
     * The profile, and the unbiased expectations of observables recorded alongside ξ: each is
     * indexed [window][chain][record] like {@link UmbrellaRun#traces()}.
     */
    public Result reweight(UmbrellaRun run, double low, double high, int bins, List<double[][][]> observables) {
        Binning.checkRange(low, high, bins);
        int windows = run.windows();
        double[] g = Binning.inefficiencies(run);
        double[] counts = new double[windows];
        int total = 0;
        int[] strides = new int[windows];
        for (int k = 0; k < windows; k++) {
            long records = (long) run.traces()[k].length * run.traces()[k][0].length;
            strides[k] = (int) Math.max(Math.ceil(g[k]), Math.ceil(records / (double) maxSamplesPerWindow));
            for (double[] chain : run.traces()[k]) {
                counts[k] += (chain.length + strides[k] - 1) / strides[k];
            }
            total += (int) counts[k];
        }
        double[] xi = new double[total];
        double[][] a = new double[observables.size()][total];
        int n = 0;
        for (int k = 0; k < windows; k++) {
            for (int c = 0; c < run.traces()[k].length; c++) {
                double[] chain = run.traces()[k][c];
                for (int t = 0; t < chain.length; t += strides[k]) {
                    for (int o = 0; o < a.length; o++) {
                        a[o][n] = observables.get(o)[k][c][t];
                    }
                    xi[n++] = chain[t];
                }
            }
        }
        double[][] u = new double[windows][total];
        for (int k = 0; k < windows; k++) {
            for (int i = 0; i < total; i++) {
                u[k][i] = run.bias(k, xi[i]);
            }
        }
        double[] lnN = Arrays.stream(counts).map(Math::log).toArray();
        Solution solution = solve(u, counts, lnN);
        double[] f = solution.f();
        double[] lnD = lnDenominators(u, f, lnN);

        int[] bin = new int[total];
        double[] lnW = new double[total];
        for (int i = 0; i < total; i++) {
            bin[i] = Binning.index(xi[i], low, high, bins);
            lnW[i] = bin[i] >= 0 ? -lnD[i] : Double.NEGATIVE_INFINITY;
        }
        double lnRange = Binning.logSumExp(lnW);
        if (lnRange == Double.NEGATIVE_INFINITY) {
            throw B4jException.failure("no umbrella sample fell in the profile range");
        }
        double[] lnBin = new double[bins];
        Arrays.fill(lnBin, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < total; i++) {
            if (bin[i] >= 0) {
                double x = lnBin[bin[i]];
                double y = lnW[i];
                lnBin[bin[i]] = x == Double.NEGATIVE_INFINITY ? y : Math.max(x, y) + Math.log1p(Math.exp(-Math.abs(x - y)));
            }
        }
        double[] minusLnP = new double[bins];
        for (int b = 0; b < bins; b++) {
            minusLnP[b] = lnRange - lnBin[b];
        }

        // extra states: the unbiased state over all samples, then one per observable weighted by A - min + 1 > 0
        double[][] extra = new double[1 + a.length][];
        double[] lnAll = new double[total];
        for (int i = 0; i < total; i++) {
            lnAll[i] = -lnD[i];
        }
        extra[0] = normalizedWeights(lnAll);
        double[] shifted = new double[a.length];
        for (int o = 0; o < a.length; o++) {
            double min = Arrays.stream(a[o]).min().orElse(0);
            shifted[o] = 1 - min;
            double[] lnA = new double[total];
            for (int i = 0; i < total; i++) {
                lnA[i] = lnAll[i] + Math.log(a[o][i] + shifted[o]);
            }
            extra[1 + o] = normalizedWeights(lnA);
        }
        double[][] wtw = wtw(u, f, lnD, bin, lnW, lnRange, lnBin, extra);
        double[][] theta = theta(wtw, counts);
        int range = windows;
        double[][] covariance = new double[bins][bins];
        for (int b = 0; b < bins; b++) {
            for (int c = 0; c < bins; c++) {
                boolean seen = Double.isFinite(minusLnP[b]) && Double.isFinite(minusLnP[c]);
                int sb = windows + 1 + b;
                int sc = windows + 1 + c;
                covariance[b][c] = seen ? theta[sb][sc] - theta[sb][range] - theta[sc][range] + theta[range][range] : Double.NaN;
            }
        }
        double[] windowF = new double[windows];
        double[] windowErr = new double[windows];
        for (int k = 0; k < windows; k++) {
            windowF[k] = f[k] - f[0];
            windowErr[k] = Math.sqrt(Math.max(0, theta[k][k] + theta[0][0] - 2 * theta[k][0]));
        }
        int all = windows + 1 + bins;
        List<Estimate> expectations = new ArrayList<>();
        for (int o = 0; o < a.length; o++) {
            double mean = 0;
            for (int i = 0; i < total; i++) {
                mean += extra[0][i] * a[o][i];
            }
            double variance = 0;
            for (int i = 0; i < total; i++) {
                variance += extra[0][i] * (a[o][i] - mean) * (a[o][i] - mean);
            }
            int e = all + 1 + o;
            double m = mean + shifted[o];
            double stderr = m * Math.sqrt(Math.max(0, theta[e][e] + theta[all][all] - 2 * theta[e][all]));
            expectations.add(new Estimate(mean, stderr, Double.NaN, stderr > 0 ? variance / (stderr * stderr) : Double.NaN,
                    variance, Double.NaN));
        }
        double[] overlap = new double[windows - 1];
        for (int k = 0; k + 1 < windows; k++) {
            overlap[k] = wtw[k + 1][k] * counts[k + 1];
        }
        FreeEnergyEstimate estimate = FreeEnergyEstimate.of(run, Binning.centres(low, high, bins), minusLnP, covariance,
                windowF, windowErr, g);
        return new Result(estimate, List.copyOf(expectations), solution.iterations(), overlap);
    }

    /** e^v, or exactly 0 far below {@link #NEGLIGIBLE}, where the exponential is not worth its cost. */
    private static double weight(double v) {
        return v > SKIPPED_EXPONENT ? Math.exp(v) : 0;
    }

    private static double[] normalizedWeights(double[] lnWeights) {
        double norm = Binning.logSumExp(lnWeights);
        return Arrays.stream(lnWeights).map(v -> Math.exp(v - norm)).toArray();
    }

    /** ln Σ_k N_k e^{f_k - u_k(x_n)} for every sample. */
    private static double[] lnDenominators(double[][] u, double[] f, double[] lnN) {
        int windows = u.length;
        int total = u[0].length;
        double[] lnD = new double[total];
        double[] terms = new double[windows];
        for (int i = 0; i < total; i++) {
            for (int k = 0; k < windows; k++) {
                terms[k] = lnN[k] + f[k] - u[k][i];
            }
            lnD[i] = Binning.logSumExp(terms);
        }
        return lnD;
    }

    private static double objective(double[][] u, double[] f, double[] counts, double[] lnN) {
        double a = 0;
        for (double v : lnDenominators(u, f, lnN)) {
            a += v;
        }
        for (int k = 0; k < f.length; k++) {
            a -= counts[k] * f[k];
        }
        return a;
    }

    /** Window free energies with f_0 = 0 and the Newton steps taken. */
    private record Solution(double[] f, int iterations) {
    }

    /** Newton's method on the MBAR objective with f_0 = 0. */
    private Solution solve(double[][] u, double[] counts, double[] lnN) {
        int windows = u.length;
        int total = u[0].length;
        double[] f = new double[windows];
        if (windows == 1) {
            return new Solution(f, 0);
        }
        double[] w = new double[windows];
        for (int iteration = 0; iteration < MAX_NEWTON; iteration++) {
            double[] lnD = lnDenominators(u, f, lnN);
            double[] colSum = new double[windows];
            double[][] cross = new double[windows][windows];
            int[] active = new int[windows];
            for (int i = 0; i < total; i++) {
                int m = 0;
                for (int k = 0; k < windows; k++) {
                    w[k] = weight(f[k] - u[k][i] - lnD[i]);
                    colSum[k] += w[k];
                    if (w[k] > NEGLIGIBLE) {
                        active[m++] = k;
                    }
                }
                for (int a = 0; a < m; a++) {
                    int k = active[a];
                    for (int b = 0; b <= a; b++) {
                        cross[k][active[b]] += w[k] * w[active[b]];
                    }
                }
            }
            double worst = 0;
            double[] gradient = new double[windows];
            for (int k = 0; k < windows; k++) {
                gradient[k] = counts[k] * (colSum[k] - 1);
                worst = Math.max(worst, Math.abs(colSum[k] - 1));
            }
            if (worst < tolerance) {
                return new Solution(f, iteration);
            }
            RealMatrix hessian = new Array2DRowRealMatrix(windows - 1, windows - 1);
            for (int k = 1; k < windows; k++) {
                for (int j = 1; j <= k; j++) {
                    double h = -counts[k] * counts[j] * cross[k][j] + (k == j ? counts[k] * colSum[k] : 0);
                    hessian.setEntry(k - 1, j - 1, h);
                    hessian.setEntry(j - 1, k - 1, h);
                }
            }
            double[] rhs = new double[windows - 1];
            for (int k = 1; k < windows; k++) {
                rhs[k - 1] = -gradient[k];
            }
            double[] step;
            try {
                step = new LUDecomposition(hessian).getSolver().solve(new ArrayRealVector(rhs, false)).toArray();
            } catch (MathIllegalArgumentException e) {
                throw B4jException.failure("MBAR: the umbrella windows do not overlap (singular Hessian)");
            }
            double slope = 0;
            for (int k = 1; k < windows; k++) {
                slope += gradient[k] * step[k - 1];
            }
            double a0 = objective(u, f, counts, lnN);
            double alpha = 1;
            double[] trial = new double[windows];
            while (true) {
                for (int k = 1; k < windows; k++) {
                    trial[k] = f[k] + alpha * step[k - 1];
                }
                double a = objective(u, trial, counts, lnN);
                // near the minimum the decrease drowns in rounding: then take the Newton step
                if (a <= a0 + 1e-4 * alpha * slope || a - a0 <= 1e-12 * Math.abs(a0) || alpha < 1e-10) {
                    break;
                }
                alpha *= 0.5;
            }
            System.arraycopy(trial, 1, f, 1, windows - 1);
        }
        throw B4jException.failure("MBAR did not converge to %s in %d Newton steps; do the windows overlap?", tolerance, MAX_NEWTON);
    }

    /**
     * WᵀW over the states: the K windows, then the unbiased state restricted to [low, high], then one
     * per bin (zero rows for empty bins), then the {@code extra} states given by their normalized
     * weights on every sample.
     */
    private static double[][] wtw(double[][] u, double[] f, double[] lnD, int[] bin, double[] lnW, double lnRange,
                                  double[] lnBin, double[][] extra) {
        int windows = u.length;
        int bins = lnBin.length;
        int first = windows + 1 + bins;
        int states = first + extra.length;
        int total = lnD.length;
        double[][] wtw = new double[states][states];
        double[] w = new double[windows];
        int[] active = new int[windows];
        for (int i = 0; i < total; i++) {
            int m = 0;
            for (int k = 0; k < windows; k++) {
                w[k] = weight(f[k] - u[k][i] - lnD[i]);
                if (w[k] > NEGLIGIBLE) {
                    active[m++] = k;
                }
            }
            for (int a = 0; a < m; a++) {
                int k = active[a];
                for (int b = 0; b <= a; b++) {
                    wtw[k][active[b]] += w[k] * w[active[b]];
                }
            }
            double wr = bin[i] < 0 ? 0 : Math.exp(lnW[i] - lnRange);
            int sb = bin[i] < 0 ? -1 : windows + 1 + bin[i];
            double wb = bin[i] < 0 ? 0 : Math.exp(lnW[i] - lnBin[bin[i]]);
            if (sb >= 0) {
                for (int k = 0; k < windows; k++) {
                    wtw[windows][k] += wr * w[k];
                    wtw[sb][k] += wb * w[k];
                }
                wtw[windows][windows] += wr * wr;
                wtw[sb][windows] += wb * wr;
                wtw[sb][sb] += wb * wb;
            }
            for (int e = 0; e < extra.length; e++) {
                double we = extra[e][i];
                int se = first + e;
                for (int a = 0; a < m; a++) {
                    wtw[se][active[a]] += we * w[active[a]];
                }
                if (sb >= 0) {
                    wtw[se][windows] += we * wr;
                    wtw[se][sb] += we * wb;
                }
                for (int e2 = 0; e2 <= e; e2++) {
                    wtw[se][first + e2] += we * extra[e2][i];
                }
            }
        }
        for (int a = 0; a < states; a++) {
            for (int b = a + 1; b < states; b++) {
                wtw[a][b] = wtw[b][a];
            }
        }
        return wtw;
    }

    /**
     * Θ = Wᵀ(I - W N Wᵀ)⁺W over the states of {@code wtw} (N nonzero on the first windows only). Uses
     * WᵀW = V S² Vᵀ, so Θ = V S (I - S Vᵀ N V S)⁺ S Vᵀ.
     */
    private static double[][] theta(double[][] wtw, double[] counts) {
        int windows = counts.length;
        int states = wtw.length;
        EigenDecompositionSymmetric eigen = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(wtw, false));
        double[] lambda = eigen.getEigenvalues();
        double cutoff = EIGEN_CUTOFF * Arrays.stream(lambda).max().orElse(0);
        int rank = 0;
        for (double l : lambda) {
            rank += l > cutoff ? 1 : 0;
        }
        // VS: columns v_j s_j for the kept directions
        double[][] vs = new double[states][rank];
        int col = 0;
        for (int j = 0; j < lambda.length; j++) {
            if (lambda[j] > cutoff) {
                double s = Math.sqrt(lambda[j]);
                for (int a = 0; a < states; a++) {
                    vs[a][col] = eigen.getEigenvector(j).getEntry(a) * s;
                }
                col++;
            }
        }
        // inner = I - (VS)ᵀ N (VS), N nonzero only on the windows
        double[][] inner = new double[rank][rank];
        for (int p = 0; p < rank; p++) {
            for (int q = 0; q <= p; q++) {
                double s = 0;
                for (int k = 0; k < windows; k++) {
                    s += vs[k][p] * counts[k] * vs[k][q];
                }
                inner[p][q] = (p == q ? 1 : 0) - s;
                inner[q][p] = inner[p][q];
            }
        }
        double[][] pinv = pseudoInverse(inner);
        double[][] theta = new double[states][states];
        double[][] tmp = new double[states][rank];
        for (int a = 0; a < states; a++) {
            for (int q = 0; q < rank; q++) {
                double s = 0;
                for (int p = 0; p < rank; p++) {
                    s += vs[a][p] * pinv[p][q];
                }
                tmp[a][q] = s;
            }
        }
        for (int a = 0; a < states; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int q = 0; q < rank; q++) {
                    s += tmp[a][q] * vs[b][q];
                }
                theta[a][b] = s;
                theta[b][a] = s;
            }
        }
        return theta;
    }

    private static double[][] pseudoInverse(double[][] symmetric) {
        int m = symmetric.length;
        if (m == 0) {
            return new double[0][0];
        }
        EigenDecompositionSymmetric eigen = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(symmetric));
        double[] lambda = eigen.getEigenvalues();
        double cutoff = 1e-10 * Arrays.stream(lambda).map(Math::abs).max().orElse(0);
        double[][] out = new double[m][m];
        for (int j = 0; j < m; j++) {
            if (Math.abs(lambda[j]) <= cutoff) {
                continue;
            }
            double[] v = eigen.getEigenvector(j).toArray();
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    out[a][b] += v[a] * v[b] / lambda[j];
                }
            }
        }
        return out;
    }
}
