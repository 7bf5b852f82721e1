package org.boltzmann4j.system;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Exact answers for one system at its parameters: observable averages, ln Z and the free-energy
 * profile of its primary order parameter, as far as they are known. A system supplies its own
 * through {@link BoltzmannSystem#exactReference()}.
 */
public interface ExactReference {

    /** Exact averages by observable name (only those known). */
    Map<String, Double> observables();

    /** Exact ln Z, if known. */
    Optional<Double> lnZ();

    /** Exact -ln p(x) of the primary order parameter at the points (min 0), if known. */
    Optional<double[]> profile(double[] x);

    /**
     * A reference from its parts.
     *
     * @param observables exact averages by name
     * @param lnZ         exact ln Z, or null
     * @param profile     the primary order parameter's exact profile on given points, or null
     */
    static ExactReference of(Map<String, Double> observables, Double lnZ, UnaryOperator<double[]> profile) {
        Map<String, Double> values = Collections.unmodifiableMap(new LinkedHashMap<>(observables));
        return new ExactReference() {
            @Override
            public Map<String, Double> observables() {
                return values;
            }

            @Override
            public Optional<Double> lnZ() {
                return Optional.ofNullable(lnZ);
            }

            @Override
            public Optional<double[]> profile(double[] x) {
                return profile == null ? Optional.empty() : Optional.of(profile.apply(x));
            }
        };
    }
}
