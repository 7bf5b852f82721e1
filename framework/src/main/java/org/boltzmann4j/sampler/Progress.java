package org.boltzmann4j.sampler;

/**
 * Receives progress of long work: the phase, the fraction of it done, the steps done in it (sweeps
 * or cycles, the unit of {@code --steps}) and a short status text.
 */
@FunctionalInterface
public interface Progress {

    Progress SILENT = (phase, fraction, steps, status) -> { };

    void update(String phase, double fractionDone, long steps, String status);
}
