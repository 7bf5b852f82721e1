package org.boltzmann4j.sampler;

/** Receives progress of long work: the phase, the fraction done and a short status text. */
@FunctionalInterface
public interface Progress {

    Progress SILENT = (phase, fraction, status) -> { };

    void update(String phase, double fractionDone, String status);
}
