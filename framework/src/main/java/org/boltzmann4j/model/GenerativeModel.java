package org.boltzmann4j.model;

import java.util.random.RandomGenerator;

import org.boltzmann4j.core.Checkpointable;

/**
 * A normalized probability density (or mass function) q that draws i.i.d. samples together with
 * their exact ln q, and evaluates ln q of given configurations. These two properties are what make
 * a model usable inside Metropolis-Hastings: acceptance tests use ln q exactly.
 *
 * @param <B> a batch of configurations, row-major: {@code double[]} (n × d) or {@code byte[]}
 */
public interface GenerativeModel<B> {

    /** Degrees of freedom d of one configuration. */
    int dimension();

    /** Draws n configurations into {@code xs} and writes their ln q to {@code logq[0..n)}. */
    void sample(int n, RandomGenerator rng, B xs, double[] logq);

    /** ln q of the n configurations in {@code xs}. */
    void logDensity(B xs, int n, double[] logq);

    /**
     * The random stream {@link #logDensity} draws from, for checkpoints, or null where ln q is a
     * deterministic function (every model but those that estimate q by drawing auxiliaries).
     */
    default Checkpointable densityRandomness() {
        return null;
    }
}
