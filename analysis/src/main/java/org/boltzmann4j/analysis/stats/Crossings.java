package org.boltzmann4j.analysis.stats;

import org.boltzmann4j.core.B4jException;

/** Counts barrier crossings of an order parameter with hysteresis. */
public final class Crossings {

    private Crossings() {
    }

    /**
     * Crossings summed over chains: a chain crosses when its value goes from below
     * {@code centre - threshold} to above {@code centre + threshold}, or back. Values inside the
     * band keep the side last seen; a chain's first visit to a side is not a crossing.
     */
    public static long count(double[][] traces, double centre, double threshold) {
        if (!(threshold >= 0) || !Double.isFinite(centre)) {
            throw B4jException.badInput("crossings need a finite centre and threshold >= 0 (got centre %s, threshold %s)",
                    centre, threshold);
        }
        double below = centre - threshold;
        double above = centre + threshold;
        long count = 0;
        for (double[] trace : traces) {
            int side = 0;
            for (double v : trace) {
                int now = v < below ? -1 : v > above ? 1 : side;
                if (side != 0 && now != side) {
                    count++;
                }
                side = now;
            }
        }
        return count;
    }
}
