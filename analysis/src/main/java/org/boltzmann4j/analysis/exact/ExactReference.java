package org.boltzmann4j.analysis.exact;

import java.util.Map;
import java.util.Optional;

/**
 * Exact answers for one system at its parameters: observable averages, ln Z and the free-energy
 * profile of its primary order parameter, as far as they are known.
 */
public interface ExactReference {

    /** Exact averages by observable name (only those known). */
    Map<String, Double> observables();

    /** Exact ln Z, if known. */
    Optional<Double> lnZ();

    /** Exact -ln p(x) of the primary order parameter at the points (min 0), if known. */
    Optional<double[]> profile(double[] x);
}
