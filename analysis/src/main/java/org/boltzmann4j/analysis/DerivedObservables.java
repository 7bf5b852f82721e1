package org.boltzmann4j.analysis;

import java.util.Map;

import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.DerivedObservable;

/**
 * Estimates the {@link DerivedObservable}s a system declares: fluctuations scale × Var(o) (the
 * specific heat β² N Var(e) of spin lattices) and ln Z per site where ln Z is estimated. Errors of
 * fluctuations come from a delete-one jackknife over blocks (whole chains, or stretches of one
 * chain), which keeps autocorrelation inside blocks.
 */
final class DerivedObservables {

    static final int BLOCKS = 32;

    private DerivedObservables() {
    }

    /** Adds the derived observables of the system to {@code estimates}. */
    static void add(BoltzmannSystem<?> system, RunRecord record, Map<String, Estimate> estimates) {
        for (DerivedObservable derived : system.derivedObservables()) {
            if (derived instanceof DerivedObservable.LnZPer perSite && record.lnZ() != null) {
                estimates.put(perSite.name(), new Estimate(record.lnZ().estimate() / perSite.per(),
                        record.lnZ().stderr() / perSite.per(), Double.NaN, Double.NaN, Double.NaN, Double.NaN));
            } else if (derived instanceof DerivedObservable.Fluctuation fluctuation) {
                int o = record.observableNames().indexOf(fluctuation.of());
                if (o >= 0 && record.traces()[o][0].length >= 2) {
                    estimates.put(fluctuation.name(), fluctuation(record.traces()[o], record.logWeights(),
                            fluctuation.scale()));
                }
            }
        }
    }

    /** scale × Var(o) with a jackknife error over blocks; weighted when log-weights are given (one chain). */
    static Estimate fluctuation(double[][] energy, double[] logWeights, double scale) {
        double[][] blocks = blocks(energy, logWeights);
        double[] total = new double[3];
        for (double[] b : blocks) {
            for (int k = 0; k < 3; k++) {
                total[k] += b[k];
            }
        }
        double full = scale * variance(total);
        int n = blocks.length;
        double mean = 0;
        double[] leaveOut = new double[n];
        for (int i = 0; i < n; i++) {
            double[] rest = {total[0] - blocks[i][0], total[1] - blocks[i][1], total[2] - blocks[i][2]};
            leaveOut[i] = scale * variance(rest);
            mean += leaveOut[i] / n;
        }
        double ss = 0;
        for (double v : leaveOut) {
            ss += (v - mean) * (v - mean);
        }
        double stderr = Math.sqrt((n - 1.0) / n * ss);
        return new Estimate(full, stderr, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Per block: (Σw, Σw e, Σw e²), w = 1 for unweighted chains. */
    private static double[][] blocks(double[][] energy, double[] logWeights) {
        int chains = energy.length;
        int length = energy[0].length;
        int perChain = Math.max(1, Math.min(length, (BLOCKS + chains - 1) / chains));
        double maxLog = Double.NEGATIVE_INFINITY;
        if (logWeights != null) {
            for (double w : logWeights) {
                maxLog = Math.max(maxLog, w);
            }
        }
        double[][] sums = new double[chains * perChain][3];
        for (int c = 0; c < chains; c++) {
            for (int t = 0; t < length; t++) {
                double w = logWeights == null ? 1 : Math.exp(logWeights[t] - maxLog);
                double[] s = sums[c * perChain + (int) ((long) t * perChain / length)];
                double v = energy[c][t];
                s[0] += w;
                s[1] += w * v;
                s[2] += w * v * v;
            }
        }
        return sums;
    }

    private static double variance(double[] s) {
        double m = s[1] / s[0];
        return s[2] / s[0] - m * m;
    }
}
