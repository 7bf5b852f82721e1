package org.boltzmann4j.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.DerivedObservable;

/**
 * Estimates the {@link DerivedObservable}s a system declares: fluctuations scale × Var(o) (the
 * specific heat β² N Var(e) of spin lattices), functions of several averages f(⟨o₁⟩, …, ⟨o_k⟩)
 * (a correlation length) and ln Z per site where ln Z is estimated. Errors of the first two come
 * from a delete-one jackknife over blocks (whole chains, or stretches of one chain), which keeps
 * autocorrelation inside blocks.
 */
final class DerivedObservables {

    static final int BLOCKS = 32;

    private DerivedObservables() {
    }

    /** Adds the derived observables of the system to {@code estimates}. */
    static void add(BoltzmannSystem<?> system, RunRecord record, Map<String, Estimate> estimates) {
        List<String> names = record.observableNames();
        for (DerivedObservable derived : system.derivedObservables()) {
            if (derived instanceof DerivedObservable.LnZPer perSite && record.lnZ() != null) {
                estimates.put(perSite.name(), new Estimate(record.lnZ().estimate() / perSite.per(),
                        record.lnZ().stderr() / perSite.per(), Double.NaN, Double.NaN, Double.NaN, Double.NaN));
            } else if (derived instanceof DerivedObservable.Fluctuation fluctuation) {
                int o = names.indexOf(fluctuation.of());
                if (o >= 0 && record.traces()[o][0].length >= 2) {
                    estimates.put(fluctuation.name(), fluctuation(record.traces()[o], record.logWeights(),
                            fluctuation.scale()));
                }
            } else if (derived instanceof DerivedObservable.OfMeans function
                    && names.containsAll(function.of()) && record.traces()[0][0].length >= 2) {
                List<double[][]> traces = new ArrayList<>();
                function.of().forEach(name -> traces.add(record.traces()[names.indexOf(name)]));
                estimates.put(function.name(), ofMeans(traces, record.logWeights(), function.f()));
            }
        }
    }

    /** scale × Var(o) with a jackknife error over blocks; weighted when log-weights are given (one chain). */
    static Estimate fluctuation(double[][] o, double[] logWeights, double scale) {
        double[][] squares = new double[o.length][];
        for (int c = 0; c < o.length; c++) {
            squares[c] = new double[o[c].length];
            for (int t = 0; t < o[c].length; t++) {
                squares[c][t] = o[c][t] * o[c][t];
            }
        }
        return jackknife(blockSums(List.of(o, squares), logWeights), s -> {
            double m = s[1] / s[0];
            return scale * (s[2] / s[0] - m * m);
        });
    }

    /**
     * f of the averages of the given observables' traces ([observable][chain][record]), with a
     * jackknife error over blocks; weighted when log-weights are given (one chain).
     */
    static Estimate ofMeans(List<double[][]> traces, double[] logWeights, ToDoubleFunction<double[]> f) {
        int k = traces.size();
        return jackknife(blockSums(traces, logWeights), s -> {
            double[] means = new double[k];
            for (int i = 0; i < k; i++) {
                means[i] = s[i + 1] / s[0];
            }
            return f.applyAsDouble(means);
        });
    }

    /**
     * g of the totals over all blocks, with the delete-one jackknife error of g over the blocks.
     *
     * @param blocks per block: (Σw, Σw v₁, …, Σw v_k)
     * @param g      the estimate as a function of such totals
     */
    private static Estimate jackknife(double[][] blocks, ToDoubleFunction<double[]> g) {
        int width = blocks[0].length;
        double[] total = new double[width];
        for (double[] b : blocks) {
            for (int i = 0; i < width; i++) {
                total[i] += b[i];
            }
        }
        double full = g.applyAsDouble(total);
        int n = blocks.length;
        double mean = 0;
        double[] leaveOut = new double[n];
        double[] rest = new double[width];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < width; i++) {
                rest[i] = total[i] - blocks[b][i];
            }
            leaveOut[b] = g.applyAsDouble(rest);
            mean += leaveOut[b] / n;
        }
        double ss = 0;
        for (double v : leaveOut) {
            ss += (v - mean) * (v - mean);
        }
        double stderr = Math.sqrt((n - 1.0) / n * ss);
        return new Estimate(full, stderr, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * Per block: (Σw, Σw v₁, …, Σw v_k) over its records, v_i the values of the i-th set of traces
     * ([chain][record]) and w = 1 for unweighted chains. The blocks are whole chains when there are
     * at least {@value #BLOCKS}, else equal stretches of each chain.
     */
    private static double[][] blockSums(List<double[][]> traces, double[] logWeights) {
        int chains = traces.get(0).length;
        int length = traces.get(0)[0].length;
        int perChain = Math.max(1, Math.min(length, (BLOCKS + chains - 1) / chains));
        double maxLog = Double.NEGATIVE_INFINITY;
        if (logWeights != null) {
            for (double w : logWeights) {
                maxLog = Math.max(maxLog, w);
            }
        }
        int k = traces.size();
        double[][] sums = new double[chains * perChain][k + 1];
        for (int c = 0; c < chains; c++) {
            for (int t = 0; t < length; t++) {
                double w = logWeights == null ? 1 : Math.exp(logWeights[t] - maxLog);
                double[] s = sums[c * perChain + (int) ((long) t * perChain / length)];
                s[0] += w;
                for (int i = 0; i < k; i++) {
                    s[i + 1] += w * traces.get(i)[c][t];
                }
            }
        }
        return sums;
    }
}
