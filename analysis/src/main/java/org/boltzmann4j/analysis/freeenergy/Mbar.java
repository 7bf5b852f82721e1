package org.boltzmann4j.analysis.freeenergy;

import java.util.Arrays;

import org.boltzmann4j.core.B4jException;
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

    /** The unbiased profile of ξ on {@code bins} bins of [low, high], with asymptotic errors. */
    public FreeEnergyEstimate estimate(UmbrellaRun run, double low, double high, int bins) {
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
        int n = 0;
        for (int k = 0; k < windows; k++) {
            for (double[] chain : run.traces()[k]) {
                for (int t = 0; t < chain.length; t += strides[k]) {
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
        double[] f = solve(u, counts, lnN);
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
                double a = lnBin[bin[i]];
                double b = lnW[i];
                lnBin[bin[i]] = a == Double.NEGATIVE_INFINITY ? b : Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
            }
        }
        double[] minusLnP = new double[bins];
        for (int b = 0; b < bins; b++) {
            minusLnP[b] = lnRange - lnBin[b];
        }

        double[][] theta = theta(u, f, lnD, counts, bin, lnW, lnRange, lnBin);
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
        return FreeEnergyEstimate.of(run, Binning.centres(low, high, bins), minusLnP, covariance, windowF, windowErr, g);
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

    /** Newton's method on the MBAR objective with f_0 = 0. */
    private double[] solve(double[][] u, double[] counts, double[] lnN) {
        int windows = u.length;
        int total = u[0].length;
        double[] f = new double[windows];
        if (windows == 1) {
            return f;
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
                    w[k] = Math.exp(f[k] - u[k][i] - lnD[i]);
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
                return f;
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
     * Θ over the states: the K windows, then the unbiased state restricted to [low, high], then one
     * per bin (zero rows for empty bins). Uses WᵀW = V S² Vᵀ, so Θ = V S (I - S Vᵀ N V S)⁺ S Vᵀ.
     */
    private static double[][] theta(double[][] u, double[] f, double[] lnD, double[] counts, int[] bin, double[] lnW,
                                    double lnRange, double[] lnBin) {
        int windows = u.length;
        int bins = lnBin.length;
        int states = windows + 1 + bins;
        int total = lnD.length;
        double[][] wtw = new double[states][states];
        double[] w = new double[windows];
        int[] active = new int[windows];
        for (int i = 0; i < total; i++) {
            int m = 0;
            for (int k = 0; k < windows; k++) {
                w[k] = Math.exp(f[k] - u[k][i] - lnD[i]);
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
            if (bin[i] < 0) {
                continue;
            }
            double wr = Math.exp(lnW[i] - lnRange);
            int sb = windows + 1 + bin[i];
            double wb = Math.exp(lnW[i] - lnBin[bin[i]]);
            for (int k = 0; k < windows; k++) {
                wtw[windows][k] += wr * w[k];
                wtw[sb][k] += wb * w[k];
            }
            wtw[windows][windows] += wr * wr;
            wtw[sb][windows] += wb * wr;
            wtw[sb][sb] += wb * wb;
        }
        for (int a = 0; a < states; a++) {
            for (int b = a + 1; b < states; b++) {
                wtw[a][b] = wtw[b][a];
            }
        }
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
