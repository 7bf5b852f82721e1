package org.boltzmann4j.kernel;

import java.util.random.RandomGenerator;

/** The Metropolis-Hastings test, shared by every kernel that accepts or rejects a proposal. */
public final class Metropolis {

    private Metropolis() {
    }

    /**
     * Accepts with probability min(1, exp(logRatio)); draws a uniform only when logRatio &lt; 0 (a NaN
     * ratio is rejected).
     */
    public static boolean accepts(double logRatio, RandomGenerator rng) {
        return logRatio >= 0 || rng.nextDouble() < Math.exp(logRatio);
    }
}
