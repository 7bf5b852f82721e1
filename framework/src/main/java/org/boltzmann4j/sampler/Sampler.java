package org.boltzmann4j.sampler;

import org.boltzmann4j.system.BoltzmannSystem;

/**
 * A configured Monte Carlo method. It runs on a system within a budget and returns the raw
 * {@link RunRecord}; it holds configuration only, so one sampler may run many times.
 */
@FunctionalInterface
public interface Sampler<C> {

    RunRecord run(BoltzmannSystem<C> system, RunContext context);

    /** True when the sampler writes the checkpoints of {@link RunContext#checkpoints()} and resumes from them. */
    default boolean checkpoints() {
        return false;
    }
}
