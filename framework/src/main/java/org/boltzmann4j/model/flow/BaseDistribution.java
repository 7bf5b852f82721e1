package org.boltzmann4j.model.flow;

import java.util.random.RandomGenerator;

/**
 * The base density p of a flow, over row-major batches of n points of dimension d: exact sampling,
 * ln p, and ∇ ln p for maximum-likelihood gradients.
 */
public sealed interface BaseDistribution permits StandardNormal, GaussianPrecision, GaussianMixture, StretchedBase {

    int dimension();

    /** Draws n points into {@code z} and writes their ln p to {@code logp[0..n)}. */
    void sample(int n, RandomGenerator rng, double[] z, double[] logp);

    /** ln p of n points. */
    void logDensity(double[] z, int n, double[] logp);

    /** ln p of n points and its gradient ∇ ln p (row-major n × d). */
    void logDensityAndGradient(double[] z, int n, double[] logp, double[] gradient);
}
