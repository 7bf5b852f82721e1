package org.boltzmann4j.sampler;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.boltzmann4j.core.Checkpointable;

/**
 * Statistics of log importance weights ln w = -U - ln q of samples drawn i.i.d. from a model q:
 * ln Z, its error, Kish's effective sample size and the acceptance rate an independence sampler
 * with proposal q would have.
 */
public final class ImportanceWeights {

    /** The key of the weights' Pareto shape k̂ among a run's details. */
    public static final String PARETO_K = "pareto_k";

    private ImportanceWeights() {
    }

    /**
     * ln Z = ln mean(w) over the first n weights, with the delta-method one-sigma error
     * sd(w) / (√n mean(w)), at least the float64 rounding of ln w ({@value #ROUNDING} relative).
     */
    public static RunRecord.LnZ lnZ(double[] logWeights, int n) {
        double max = max(logWeights, n);
        double mean = 0;
        for (int k = 0; k < n; k++) {
            mean += Math.exp(logWeights[k] - max) / n;
        }
        double var = 0;
        for (int k = 0; k < n; k++) {
            double r = Math.exp(logWeights[k] - max) - mean;
            var += r * r / Math.max(1, n - 1);
        }
        return withRoundingFloor(max + Math.log(mean), Math.sqrt(var / n) / mean);
    }

    /**
     * Relative rounding of ln w in float64 (U and ln q are sums over up to ~10⁴ terms): the error of ln Z
     * is never reported below it, so that a model equal to the target (weights equal to rounding, a
     * delta-method error of 0) still gets an honest error bar.
     */
    static final double ROUNDING = 1e-12;

    private static RunRecord.LnZ withRoundingFloor(double lnZ, double stderr) {
        return new RunRecord.LnZ(lnZ, Math.max(stderr, ROUNDING * Math.max(1, Math.abs(lnZ))));
    }

    /** Kish's effective sample size (Σ w)² / Σ w² of the first n weights. */
    public static double kishEss(double[] logWeights, int n) {
        double max = max(logWeights, n);
        double s1 = 0;
        double s2 = 0;
        for (int k = 0; k < n; k++) {
            double w = Math.exp(logWeights[k] - max);
            s1 += w;
            s2 += w * w;
        }
        return s1 * s1 / s2;
    }

    /**
     * Estimated acceptance rate of independent Metropolis-Hastings with proposal q at stationarity,
     * E_{s~p, s'~q}[min(1, w(s')/w(s))], with p represented by the self-normalized weights of the
     * same n samples and s' running over the others (O(n²)).
     */
    public static double independenceAcceptance(double[] logWeights, int n) {
        if (n < 2) {
            return Double.NaN;
        }
        double max = max(logWeights, n);
        double norm = 0;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double wk = Math.exp(logWeights[k] - max);
            double mean = 0;
            for (int j = 0; j < n; j++) {
                if (j != k) {
                    double r = logWeights[j] - logWeights[k];
                    mean += r >= 0 ? 1 : Math.exp(r);
                }
            }
            sum += wk * mean / (n - 1);
            norm += wk;
        }
        return sum / norm;
    }

    /**
     * Streaming sums of w and w² (scaled by the running largest weight), so that ln Z and the Kish
     * ESS of any number of samples take constant memory, and the weights' upper tail for its Pareto
     * shape k̂ ({@link ParetoTail}). Agrees with {@link #lnZ} and {@link #kishEss}.
     */
    public static final class Accumulator implements Checkpointable {
        private double max = Double.NEGATIVE_INFINITY;
        private double s1;
        private double s2;
        private long n;
        private final ParetoTail tail = new ParetoTail();

        public void add(double logWeight) {
            if (logWeight > max) {
                double scale = Math.exp(max - logWeight);
                s1 *= scale;
                s2 *= scale * scale;
                max = logWeight;
            }
            double w = Math.exp(logWeight - max);
            s1 += w;
            s2 += w * w;
            n++;
            tail.add(logWeight);
        }

        public long count() {
            return n;
        }

        /** ln mean(w) with the delta-method error, as {@link ImportanceWeights#lnZ}; null before any weight. */
        public RunRecord.LnZ lnZ() {
            if (n == 0) {
                return null;
            }
            double mean = s1 / n;
            double var = Math.max(0, s2 / n - mean * mean) * n / Math.max(1, n - 1);
            return withRoundingFloor(max + Math.log(mean), Math.sqrt(var / n) / mean);
        }

        public double kishEss() {
            return s1 * s1 / s2;
        }

        /** The Pareto shape k̂ of the weights' upper tail; NaN with too few weights. */
        public double paretoShape() {
            return tail.shape();
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeDouble(max);
            out.writeDouble(s1);
            out.writeDouble(s2);
            out.writeLong(n);
            double[] kept = tail.kept();
            out.writeInt(kept.length);
            for (double v : kept) {
                out.writeDouble(v);
            }
        }

        @Override
        public void readState(DataInput in) throws IOException {
            max = in.readDouble();
            s1 = in.readDouble();
            s2 = in.readDouble();
            n = in.readLong();
            int length = in.readInt();
            if (length < 0 || length > ParetoTail.KEPT) {
                throw new IOException("a weight tail of " + length + " values");
            }
            double[] kept = new double[length];
            for (int i = 0; i < length; i++) {
                kept[i] = in.readDouble();
            }
            tail.restore(n, kept);
        }
    }

    /**
     * Writes the Kish ESS of the accumulated weights, its fraction of the samples and the Pareto shape
     * of their tail into {@code details} ({@code kish_ess}, {@code ess_fraction}, {@code pareto_k}) and
     * warns when the ESS is too low, or the tail too heavy, for weighted estimates and ln Z to be trusted.
     */
    static void report(Accumulator weights, Map<String, Object> details, List<String> warnings) {
        if (weights.count() == 0) {
            return;
        }
        double ess = weights.kishEss();
        long n = weights.count();
        details.put("kish_ess", ess);
        details.put("ess_fraction", ess / n);
        double k = weights.paretoShape();
        if (Double.isFinite(k)) {
            details.put(PARETO_K, k);
            if (k > ParetoTail.INFINITE_VARIANCE) {
                warnings.add(String.format(Locale.ROOT, "heavy-tailed importance weights: Pareto k-hat %.2f > %.1f, "
                        + "so the weights' variance is infinite, the mean of the weights (ln Z by importance sampling) "
                        + "has no central limit and its error bar is optimistic", k, ParetoTail.INFINITE_VARIANCE));
            }
        }
        if (ess < Math.max(100, 0.01 * n)) {
            warnings.add(String.format(Locale.ROOT, "low effective sample size: Kish ESS %.1f of %d model samples; "
                    + "importance-weighted estimates (ln Z by importance sampling) and their errors are unreliable",
                    ess, n));
        }
    }

    private static double max(double[] values, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, values[k]);
        }
        return max;
    }
}
