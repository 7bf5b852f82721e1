package org.boltzmann4j.analysis.freeenergy;

import org.boltzmann4j.analysis.stats.McStatistics;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.sampler.UmbrellaRun;

/** Bins on [low, high] and the numerics WHAM and MBAR share. */
final class Binning {

    private Binning() {
    }

    static void checkRange(double low, double high, int bins) {
        if (!(Double.isFinite(low) && Double.isFinite(high) && low < high) || bins < 1) {
            throw B4jException.badInput("a free-energy profile needs finite low < high and bins >= 1 (got [%s, %s], %d bins)",
                    low, high, bins);
        }
    }

    static double[] centres(double low, double high, int bins) {
        double[] x = new double[bins];
        for (int b = 0; b < bins; b++) {
            x[b] = low + (b + 0.5) * (high - low) / bins;
        }
        return x;
    }

    /** Bin of v, -1 outside [low, high]; {@code high} itself falls in the last bin. */
    static int index(double v, double low, double high, int bins) {
        if (Double.isNaN(v)) {
            throw B4jException.failure("collective variable value is NaN");
        }
        if (v < low || v > high) {
            return -1;
        }
        return v == high ? bins - 1 : Math.min(bins - 1, (int) Math.floor((v - low) * bins / (high - low)));
    }

    /** Integrated autocorrelation time of ξ in each window, over its chains (at least 1). */
    static double[] inefficiencies(UmbrellaRun run) {
        double[] g = new double[run.windows()];
        for (int k = 0; k < g.length; k++) {
            double tau = McStatistics.estimate(run.traces()[k]).tauInt();
            g[k] = Double.isFinite(tau) ? Math.max(1, tau) : 1;
        }
        return g;
    }

    static double logSumExp(double[] a) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (double v : a) {
            if (v - max > -50) { // smaller terms change the sum by less than 1e-21 of it
                s += Math.exp(v - max);
            }
        }
        return max + Math.log(s);
    }
}
