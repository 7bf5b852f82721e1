package org.boltzmann4j.sampler;

import java.util.List;

/**
 * What thermodynamic integration ({@code ti}) records along its path of couplings: for every node of
 * every leg, the chains' trace of ∂U/∂t, t the leg's parameter. The analysis turns it into
 * ln Z(end) = ln Z(start) − Σ_legs ∫ ⟨∂U/∂t⟩_t dt.
 *
 * @param legs         the legs, in order; each starts where the one before it ends
 * @param derivatives  ∂U/∂t, {@code [leg][node][chain][record]}
 * @param referenceLnZ ln Z at the path's start from the system's exact reference, or NaN where it has none
 */
public record ThermodynamicPath(List<Leg> legs, double[][][][] derivatives, double referenceLnZ) {

    public ThermodynamicPath {
        legs = List.copyOf(legs);
    }

    /**
     * One leg: {@code parameter} from {@code from} to {@code to} over {@code nodes} equally spaced values.
     *
     * @param parameter a real parameter of the system
     * @param from      its value at the leg's start
     * @param to        its value at the leg's end
     * @param nodes     4k + 1 (Simpson's rule with Richardson's error estimate from every other node)
     */
    public record Leg(String parameter, double from, double to, int nodes) {

        /** The parameter's value at node i (0 … nodes − 1). */
        public double at(int i) {
            return i == nodes - 1 ? to : from + i * (to - from) / (nodes - 1);
        }
    }
}
