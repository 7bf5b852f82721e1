package org.boltzmann4j.sampler;

import java.util.Map;

/**
 * Receives progress of long work: the phase, the fraction of it done, the steps done in it (sweeps
 * or cycles, the unit of {@code --steps}) and a short status text; optionally, just before an
 * update, the latest values of the adaptive phase's curves and, in production, a running estimate
 * of the headline observable.
 */
@FunctionalInterface
public interface Progress {

    Progress SILENT = (phase, fraction, steps, status) -> { };

    void update(String phase, double fractionDone, long steps, String status);

    /** The latest value of each training or adaptation curve ("loss", "acceptance_global", ...). */
    default void latest(Map<String, Double> values) {
    }

    /**
     * The headline observable's estimate from the production records so far, with a rough one-sigma
     * error (from the spread of chain means, or of batch means for one chain); the analysis at the
     * end replaces it.
     */
    default void estimate(String observable, double mean, double stderr) {
    }
}
