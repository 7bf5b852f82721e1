package org.boltzmann4j.analysis.freeenergy;

import java.util.Locale;

import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.analysis.stats.McStatistics;
import org.boltzmann4j.core.B4jException;

/**
 * ln Z by Bennett's acceptance ratio between a normalized model q and the Boltzmann density
 * exp(-U)/Z (Bennett 1976; Shirts, Bair, Hooker and Pande, PRL 2003), from log importance weights
 * ln w = -U - ln q of n_F i.i.d. draws from q and of n_R states of Markov chains that sample
 * exp(-U). With M = ln(n_F/n_R) and f(x) = 1/(1 + eˣ), ln Z solves Σ_k f(M + ln Z - ln w_k) = n_R
 * over both sets pooled, and its asymptotic variance is [1/⟨f(1-f)⟩ - N/n_F - N/n_R]/N (N = n_F + n_R,
 * the mean over both sets).
 *
 * <p>Unlike ln mean(w) over q's draws alone, every term is bounded, so the estimate has a central limit
 * however heavy the weights' tail: where q is too thin (large w, rarely drawn from q), the chains'
 * states fill in. The chains are thinned to one state per integrated autocorrelation time of their ln w
 * ({@link McStatistics}: the variance of a mean is σ²τ_int/n), so that the states kept are nearly
 * independent and the variance honest.
 *
 * @param lnZ              the estimate
 * @param stderr           its one-sigma error
 * @param modelSamples     n_F
 * @param chainSamples     n_R, the chains' states kept after thinning
 * @param thinning         the stride the chains were thinned by
 * @param overlap          N⟨f(1-f)⟩ / (n_F n_R / N): 1 where q = exp(-U)/Z, towards 0 as the two sets
 *                         stop overlapping (below {@value #MIN_OVERLAP} the estimate rests on a few samples)
 * @param untrustedBecause why the error cannot be trusted (too little overlap, chains too short for
 *                         their τ_int or not mixed), or null when it can
 */
public record BennettAcceptanceRatio(double lnZ, double stderr, int modelSamples, int chainSamples, int thinning,
                                     double overlap, String untrustedBecause) {

    static final int MAX_NEWTON = 100;
    /** Overlap below which the error is not trusted. */
    public static final double MIN_OVERLAP = 0.03;

    /**
     * The estimate from ln w of the model's draws ({@code modelLogWeights}) and of the chains' states,
     * [chain][record] in the order they were visited ({@code chainLogWeights}).
     */
    public static BennettAcceptanceRatio estimate(double[] modelLogWeights, double[][] chainLogWeights) {
        if (modelLogWeights.length < 2 || chainLogWeights.length == 0 || chainLogWeights[0].length < 2) {
            throw B4jException.badInput("Bennett's acceptance ratio needs at least 2 model samples and 2 states "
                    + "per chain (got %d and %d)", modelLogWeights.length,
                    chainLogWeights.length == 0 ? 0 : chainLogWeights[0].length);
        }
        Estimate chains = McStatistics.estimate(chainLogWeights);
        double tau = chains.tauInt();
        int stride = Double.isFinite(tau) ? (int) Math.max(1, Math.ceil(tau)) : 1;
        int perChain = (chainLogWeights[0].length + stride - 1) / stride;
        double[] pooled = new double[modelLogWeights.length + chainLogWeights.length * perChain];
        System.arraycopy(modelLogWeights, 0, pooled, 0, modelLogWeights.length);
        int k = modelLogWeights.length;
        for (double[] chain : chainLogWeights) {
            for (int t = 0; t < chain.length; t += stride) {
                pooled[k++] = chain[t];
            }
        }
        int nF = modelLogWeights.length;
        int nR = k - nF;
        // Newton starts from ln mean(w) of the model's draws, the importance-sampling estimate
        double start = Binning.logSumExp(modelLogWeights) - Math.log(nF);
        return solve(pooled, nF, nR, start, stride, McStatistics.distrust(chains, chainLogWeights));
    }

    private static BennettAcceptanceRatio solve(double[] logWeights, int nF, int nR, double start, int stride,
                                                String chainsDistrust) {
        double m = Math.log(nF / (double) nR);
        double lnZ = start;
        for (int it = 0; it < MAX_NEWTON; it++) {
            double sumF = 0;
            double sumH = 0;
            for (double a : logWeights) {
                double f = fermi(m + lnZ - a);
                sumF += f;
                sumH += f * (1 - f);
            }
            double step = (sumF - nR) / Math.max(sumH, Double.MIN_NORMAL);
            lnZ += Math.max(-10, Math.min(10, step));
            if (Math.abs(step) < 1e-13 * Math.max(1, Math.abs(lnZ))) {
                break;
            }
        }
        int n = nF + nR;
        double meanH = 0;
        for (double a : logWeights) {
            double f = fermi(m + lnZ - a);
            meanH += f * (1 - f) / n;
        }
        double variance = (1 / meanH - n / (double) nF - n / (double) nR) / n;
        double overlap = meanH * n * n / ((double) nF * nR);
        String distrust = chainsDistrust != null ? "the chains' ln w: " + chainsDistrust
                : overlap < MIN_OVERLAP ? String.format(Locale.ROOT, "overlap %.3g of the model's draws and the "
                + "chains' states", overlap) : null;
        return new BennettAcceptanceRatio(lnZ, Math.sqrt(Math.max(0, variance)), nF, nR, stride, overlap, distrust);
    }

    /** 1/(1 + eˣ) without overflow. */
    private static double fermi(double x) {
        return x > 0 ? Math.exp(-x) / (1 + Math.exp(-x)) : 1 / (1 + Math.exp(x));
    }
}
