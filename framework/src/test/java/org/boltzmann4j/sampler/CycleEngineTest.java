package org.boltzmann4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.boltzmann4j.kernel.Chains;
import org.junit.jupiter.api.Test;

/** Production is an exact chain: whatever adapts is frozen before its first recorded cycle, with or without warm-up. */
class CycleEngineTest {

    /** Logs "adapting" or "frozen" for each cycle it is applied in, and "freeze" when frozen. */
    private static final class Logging implements Step<double[]> {
        final List<String> log = new ArrayList<>();
        private boolean frozen;

        @Override
        public void apply(Chains<double[]> chains, Cycle cycle) {
            log.add(frozen ? "frozen" : "adapting");
        }

        @Override
        public void freeze() {
            frozen = true;
            log.add("freeze");
        }
    }

    private static void run(CycleEngine.Plan<double[]> plan) {
        HarmonicWell well = new HarmonicWell();
        Chains<double[]> chains = Chains.start(well, Collections.nCopies(2, new double[] {0}), double[]::clone, 1);
        CycleEngine.run(well, chains, plan, Budget.steps(4), Progress.SILENT, null);
    }

    @Test
    void withoutAWarmUpTheStepsAreFrozenFromTheFirstCycle() {
        Logging step = new Logging();
        run(new CycleEngine.Plan<>(null, 0, CycleEngine.Phase.production("sweeps", List.of(step, Step.record())),
                false));
        assertEquals(List.of("freeze", "frozen", "frozen", "frozen", "frozen"), step.log);
    }

    @Test
    void aWarmUpAdaptsThenProductionIsFrozen() {
        Logging step = new Logging();
        run(new CycleEngine.Plan<>(CycleEngine.Phase.warmup("sweeps", List.of(step)), 0.5,
                CycleEngine.Phase.production("sweeps", List.of(step, Step.record())), false));
        assertEquals(List.of("adapting", "adapting", "freeze", "frozen", "frozen"), step.log);
    }
}
