package org.boltzmann4j.system;

import java.util.List;
import java.util.function.ToDoubleFunction;

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

    /**
     * f(⟨o₁⟩, …, ⟨o_k⟩), a nonlinear function of several averages: e.g. the second-moment
     * correlation length from the averages of the zero-momentum correlator. Its error, like a
     * fluctuation's, comes from a jackknife over blocks of the chains, f applied to each
     * leave-one-out set of means.
     *
     * @param name derived observable's name
     * @param of   the names of o₁ … o_k, in the order f takes their averages
     * @param f    the function of the k averages (NaN where it is undefined)
     */
    record OfMeans(String name, List<String> of, ToDoubleFunction<double[]> f) implements DerivedObservable {

        public OfMeans {
            of = List.copyOf(of);
        }
    }
}
