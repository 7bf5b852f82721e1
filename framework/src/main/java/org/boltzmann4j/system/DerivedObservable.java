package org.boltzmann4j.system;

/**
 * An observable that is a function of the whole ensemble rather than an average over
 * configurations, declared by a system and estimated by the analysis (with a jackknife error).
 */
public sealed interface DerivedObservable {

    /** Its name in results.json. */
    String name();

    /**
     * {@code scale × Var(of)}: a fluctuation, e.g. the specific heat per site β² N Var(e).
     *
     * @param name  derived observable's name
     * @param of    the name of the observable whose variance is taken
     * @param scale the factor in front of the variance
     */
    record Fluctuation(String name, String of, double scale) implements DerivedObservable {
    }

    /**
     * {@code ln Z / per}, where the sampler estimates ln Z: e.g. ln Z per site.
     *
     * @param name derived observable's name
     * @param per  the divisor (number of sites, particles)
     */
    record LnZPer(String name, double per) implements DerivedObservable {
    }
}
