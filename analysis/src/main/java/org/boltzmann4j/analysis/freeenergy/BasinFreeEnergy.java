package org.boltzmann4j.analysis.freeenergy;

import org.boltzmann4j.analysis.profile.Profile;
import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.analysis.stats.McStatistics;
import org.boltzmann4j.core.B4jException;

/**
 * The free-energy difference between two basins split at a boundary of the order parameter:
 * ΔF = F_B - F_A = -ln(P_B / P_A) in kT, basin A below the boundary and B at or above it (for a
 * profile, by bin centre). Positive when B is the less likely basin; ±∞ with NaN error when a
 * basin was never seen.
 *
 * @param deltaF F_B - F_A
 * @param stderr one-sigma error
 */
public record BasinFreeEnergy(double deltaF, double stderr) {

    /**
     * From a profile and the covariance of its bins (delta method). With {@code covariance} null
     * the bins' errors are taken as independent, which suits exact or independent-bin profiles
     * but not WHAM or MBAR ones: pass their {@link FreeEnergyEstimate#covariance()}. Empty (NaN)
     * bins are skipped.
     */
    public static BasinFreeEnergy fromProfile(Profile profile, double[][] covariance, double boundary) {
        int bins = profile.size();
        double[] f = profile.freeEnergy();
        double[] weight = new double[bins];
        double zA = 0;
        double zB = 0;
        for (int b = 0; b < bins; b++) {
            if (Double.isNaN(f[b])) {
                continue;
            }
            weight[b] = Math.exp(-f[b]);
            if (profile.x()[b] < boundary) {
                zA += weight[b];
            } else {
                zB += weight[b];
            }
        }
        if (zA == 0 || zB == 0) {
            return new BasinFreeEnergy(zB == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY, Double.NaN);
        }
        // dΔF/dF_b = P(b | B) for b in B, -P(b | A) for b in A
        double[] grad = new double[bins];
        for (int b = 0; b < bins; b++) {
            grad[b] = profile.x()[b] < boundary ? -weight[b] / zA : weight[b] / zB;
        }
        double var = 0;
        for (int b = 0; b < bins; b++) {
            if (grad[b] == 0) {
                continue;
            }
            if (covariance == null) {
                var += grad[b] * grad[b] * profile.stderr()[b] * profile.stderr()[b];
                continue;
            }
            for (int c = 0; c < bins; c++) {
                if (grad[c] != 0) {
                    var += grad[b] * covariance[b][c] * grad[c];
                }
            }
        }
        return new BasinFreeEnergy(-Math.log(zB / zA), Math.sqrt(Math.max(0, var)));
    }

    /** From an umbrella estimate, with its bin covariance. */
    public static BasinFreeEnergy fromEstimate(FreeEnergyEstimate estimate, double boundary) {
        return fromProfile(estimate.profile(), estimate.covariance(), boundary);
    }

    /** From Markov chain traces {@code [chain][record]} of the order parameter (errors by {@link McStatistics}). */
    public static BasinFreeEnergy fromTraces(double[][] traces, double boundary) {
        double[][] inB = new double[traces.length][];
        for (int c = 0; c < traces.length; c++) {
            inB[c] = indicator(traces[c], boundary);
        }
        return fromProbability(McStatistics.estimate(inB));
    }

    /** From importance-weighted samples (self-normalized, delta-method errors). */
    public static BasinFreeEnergy fromWeighted(double[] values, double[] logWeights, double boundary) {
        return fromProbability(McStatistics.weighted(indicator(values, boundary), logWeights));
    }

    private static double[] indicator(double[] values, double boundary) {
        double[] out = new double[values.length];
        for (int t = 0; t < values.length; t++) {
            if (Double.isNaN(values[t])) {
                throw B4jException.failure("order parameter value %d is NaN", t);
            }
            out[t] = values[t] >= boundary ? 1 : 0;
        }
        return out;
    }

    /** ΔF = ln((1 - p)/p) for p = P_B, error stderr(p) / (p (1 - p)). */
    private static BasinFreeEnergy fromProbability(Estimate p) {
        double pb = p.mean();
        if (pb <= 0 || pb >= 1) {
            return new BasinFreeEnergy(pb <= 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY, Double.NaN);
        }
        return new BasinFreeEnergy(Math.log((1 - pb) / pb), p.stderr() / (pb * (1 - pb)));
    }
}
