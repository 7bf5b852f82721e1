package org.boltzmann4j.sampler;

import java.util.List;

import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.kernel.Chains;

/**
 * One move of a sampler's cycle, made on every chain: sweeps of a Markov kernel (local moves,
 * replica swaps, symmetry moves, partial regeneration), model proposals, a training step of the
 * model. {@link CycleEngine} repeats a list of steps, cycle after cycle, through a run's phases.
 *
 * @param <C> configuration type
 */
public interface Step<C> {

    /** Makes the move on every chain, once in this cycle. */
    void apply(Chains<C> chains, Cycle cycle);

    /** Adaptation is over (end of warm-up or training): freeze what adapts, restart the counts production reports. */
    default void freeze() {
    }

    /** Adds what the step measured in production (acceptance, details, ln Z) to the run's report. */
    default void report(Report report) {
    }

    /**
     * The parts of the step's mutable state for checkpoints (empty when it has none; a part that
     * several steps share, a random stream or a model, is saved once); null when the step cannot
     * be checkpointed, and then a run with it writes no checkpoints.
     */
    default List<Checkpointable> checkpoint() {
        return null;
    }

    /** A short status for progress lines; empty when the step has nothing to say. */
    default String status() {
        return "";
    }

    /** A step that offers every chain's state to the production recorder (nothing while adapting). */
    static <C> Step<C> record() {
        return new Step<>() {
            @Override
            public void apply(Chains<C> chains, Cycle cycle) {
                cycle.record();
            }

            @Override
            public List<Checkpointable> checkpoint() {
                return List.of();
            }
        };
    }

    /** What a step sees of the cycle it runs in. */
    interface Cycle {

        /** 1 for the first cycle of the phase. */
        long number();

        /** Fraction of the phase's budget done before this cycle (by steps or by time), for schedules. */
        double fractionDone();

        /** True in warm-up or training, false in production. */
        boolean adapting();

        /** Production: offers every chain's state to the recorder. Adapting: nothing. */
        void record();

        /** Adapting: adds the point (cycle number, y) to the history curve {@code curve}. Production: nothing. */
        void plot(String curve, double y);
    }
}
