package org.boltzmann4j.analysis.profile;

import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.analysis.stats.McStatistics;
import org.boltzmann4j.core.B4jException;

/**
 * Histogram estimates of free-energy profiles. The probability p of each bin of
 * {@code [low, high]} is the mean of the bin's indicator observable, with its error from
 * {@link McStatistics} (so autocorrelation and disagreeing chains are accounted for); then
 * F = -ln p shifted to minimum 0 and stderr(F) = stderr(p) / p. Samples outside the range count
 * in the normalization only; a sample equal to {@code high} falls in the last bin.
 *
 * <p>A bin holding fewer than {@value #MIN_EFFECTIVE_COUNTS} effective counts — (p / stderr(p))²,
 * that is its count over its integrated autocorrelation time for chains and the Kish size of its
 * weights for weighted samples — is dropped (NaN): a handful of correlated counts at a barrier
 * supports neither its value nor its error bar.
 */
public final class FreeEnergyProfile {

    private FreeEnergyProfile() {
    }

    /** Blocks for batch means: whole chains when there are enough, else stretches of each chain. */
    static final int MIN_BLOCKS = 32;
    /** Effective counts below which a bin is dropped. */
    public static final double MIN_EFFECTIVE_COUNTS = 10;

    /**
     * Profile from Markov chain traces {@code traces[chain][record]} of equal length. Bin errors
     * are batch means over blocks (whole chains, or equal stretches of each chain when there are
     * fewer than {@value #MIN_BLOCKS} chains), one pass over the data for all bins: chains stuck in
     * different modes give large errors, as they should.
     */
    public static Profile estimate(double[][] traces, double low, double high, int bins) {
        return estimate(traces, low, high, bins, MIN_EFFECTIVE_COUNTS);
    }

    /** As {@link #estimate(double[][], double, double, int)}, dropping bins below {@code minEffectiveCounts}. */
    public static Profile estimate(double[][] traces, double low, double high, int bins, double minEffectiveCounts) {
        double[] centres = centres(low, high, bins);
        if (traces.length == 0) {
            throw B4jException.badInput("a free-energy profile needs at least one chain");
        }
        int chains = traces.length;
        int length = traces[0].length;
        int perChain = Math.max(1, Math.min(length, (MIN_BLOCKS + chains - 1) / chains));
        int blocks = chains * perChain;
        double[][] counts = new double[blocks][bins];
        double[] sizes = new double[blocks];
        int[] total = new int[bins];
        for (int c = 0; c < chains; c++) {
            int[] index = binIndices(traces[c], low, high, bins, total);
            for (int t = 0; t < length; t++) {
                int block = c * perChain + (int) ((long) t * perChain / length);
                sizes[block]++;
                if (index[t] >= 0) {
                    counts[block][index[t]]++;
                }
            }
        }
        double n = (double) chains * length;
        Estimate[] p = new Estimate[bins];
        for (int b = 0; b < bins; b++) {
            if (total[b] == 0) {
                continue;
            }
            double mean = total[b] / n;
            double ss = 0;
            for (int k = 0; k < blocks; k++) {
                double d = counts[k][b] / sizes[k] - mean;
                ss += d * d;
            }
            double stderr = blocks > 1 ? Math.sqrt(ss / (blocks - 1.0) / blocks) : Double.NaN;
            double variance = mean * (1 - mean);
            double tau = variance > 0 ? stderr * stderr * n / variance : Double.NaN;
            p[b] = new Estimate(mean, stderr, tau, n / tau, variance, Double.NaN);
        }
        return toProfile(centres, p, minEffectiveCounts);
    }

    /** Profile from importance-weighted samples (one chain of independent samples). */
    public static Profile weighted(double[] values, double[] logWeights, double low, double high, int bins) {
        double[] centres = centres(low, high, bins);
        int[] counts = new int[bins];
        int[] index = binIndices(values, low, high, bins, counts);
        double[] indicator = new double[values.length];
        Estimate[] p = new Estimate[bins];
        for (int b = 0; b < bins; b++) {
            if (counts[b] == 0) {
                continue;
            }
            for (int i = 0; i < values.length; i++) {
                indicator[i] = index[i] == b ? 1 : 0;
            }
            p[b] = McStatistics.weighted(indicator, logWeights);
        }
        return toProfile(centres, p, MIN_EFFECTIVE_COUNTS);
    }

    /**
     * Two estimates of one profile on the same bins, combined: {@code b} shifted onto {@code a} by
     * the inverse-variance mean of their difference over the bins both hold (finite F and error),
     * then each bin the inverse-variance mean of the estimates that hold it (a bin that only one
     * holds keeps that one), shifted to minimum 0. Where they share no bin, {@code a} is returned.
     */
    public static Profile combine(Profile a, Profile b) {
        if (a.size() != b.size()) {
            throw B4jException.badInput("profiles to combine differ in bins: %d and %d", a.size(), b.size());
        }
        double sum = 0;
        double norm = 0;
        for (int i = 0; i < a.size(); i++) {
            if (holds(a, i) && holds(b, i)) {
                double w = 1 / (a.stderr()[i] * a.stderr()[i] + b.stderr()[i] * b.stderr()[i]);
                sum += w * (a.freeEnergy()[i] - b.freeEnergy()[i]);
                norm += w;
            }
        }
        if (norm == 0) {
            return a;
        }
        double shift = sum / norm;
        double[] f = a.freeEnergy().clone();
        double[] err = a.stderr().clone();
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < f.length; i++) {
            double fb = b.freeEnergy()[i] + shift;
            if (holds(a, i) && holds(b, i)) {
                double wa = 1 / (err[i] * err[i]);
                double wb = 1 / (b.stderr()[i] * b.stderr()[i]);
                f[i] = (wa * f[i] + wb * fb) / (wa + wb);
                err[i] = 1 / Math.sqrt(wa + wb);
            } else if (holds(b, i)) {
                f[i] = fb;
                err[i] = b.stderr()[i];
            }
            if (f[i] < min) {
                min = f[i];
            }
        }
        for (int i = 0; i < f.length; i++) {
            f[i] -= min;
        }
        return new Profile(a.x(), f, err);
    }

    private static boolean holds(Profile p, int i) {
        return Double.isFinite(p.freeEnergy()[i]) && Double.isFinite(p.stderr()[i]) && p.stderr()[i] > 0;
    }

    /**
     * F = -ln p shifted to minimum 0 from bin probabilities (exact ones, for instance); bins with
     * p = 0 or NaN get NaN.
     */
    public static double[] fromProbabilities(double[] p) {
        double[] f = new double[p.length];
        double min = Double.POSITIVE_INFINITY;
        for (int b = 0; b < p.length; b++) {
            f[b] = p[b] > 0 ? -Math.log(p[b]) : Double.NaN;
            if (f[b] < min) {
                min = f[b];
            }
        }
        for (int b = 0; b < p.length; b++) {
            f[b] -= min;
        }
        return f;
    }

    private static Profile toProfile(double[] centres, Estimate[] p, double minEffectiveCounts) {
        double[] mean = new double[p.length];
        double[] err = new double[p.length];
        for (int b = 0; b < p.length; b++) {
            // a weighted bin may have samples with only zero weights: mean 0, NaN free energy
            mean[b] = p[b] == null ? 0 : p[b].mean();
            err[b] = mean[b] > 0 ? p[b].stderr() / mean[b] : Double.NaN;
            if (err[b] > 0 && 1 / (err[b] * err[b]) < minEffectiveCounts) {
                mean[b] = 0; // too few effective counts: dropped
                err[b] = Double.NaN;
            }
        }
        return new Profile(centres, fromProbabilities(mean), err);
    }

    private static double[] centres(double low, double high, int bins) {
        if (!(Double.isFinite(low) && Double.isFinite(high) && low < high) || bins < 1) {
            throw B4jException.badInput("a free-energy profile needs finite low < high and bins >= 1 (got [%s, %s], %d bins)",
                    low, high, bins);
        }
        double width = (high - low) / bins;
        double[] x = new double[bins];
        for (int b = 0; b < bins; b++) {
            x[b] = low + (b + 0.5) * width;
        }
        return x;
    }

    private static int[] binIndices(double[] values, double low, double high, int bins, int[] counts) {
        int[] index = new int[values.length];
        double scale = bins / (high - low);
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                throw B4jException.failure("order parameter value %d is NaN", i);
            }
            int b = v == high ? bins - 1 : (int) Math.floor((v - low) * scale);
            index[i] = v >= low && v <= high && b >= 0 && b < bins ? b : -1;
            if (index[i] >= 0) {
                counts[index[i]]++;
            }
        }
        return index;
    }
}
