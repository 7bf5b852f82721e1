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
    void aFrozenWarmUpRunsProductionsStepsUnrecordedAfterTraining() {
        Logging trained = new Logging();
        List<String> seen = new ArrayList<>();
        Step<double[]> production = new Step<>() {
            @Override
            public void apply(Chains<double[]> chains, Cycle cycle) {
                seen.add(cycle.adapting() ? "unrecorded" : "recorded");
            }

            @Override
            public void freeze() {
                seen.add("freeze");
            }
        };
        HarmonicWell well = new HarmonicWell();
        Chains<double[]> chains = Chains.start(well, Collections.nCopies(2, new double[] {0}), double[]::clone, 1);
        RunRecord record = CycleEngine.run(well, chains, new CycleEngine.Plan<>(
                CycleEngine.Phase.training(List.of(trained)), 0.5, 0.5,
                CycleEngine.Phase.production("cycles", List.of(production, Step.record())), false),
                Budget.steps(8), Progress.SILENT, null);
        assertEquals(List.of("adapting", "adapting", "adapting", "adapting", "freeze"), trained.log);
        // the warm-up takes half of the four cycles training left; production's counts restart after it
        assertEquals(List.of("unrecorded", "unrecorded", "freeze", "recorded", "recorded"), seen);
        assertEquals(2L, record.details().get("warmup_cycles"));
        assertEquals(2L, record.details().get("production_cycles"));
        assertEquals(2, record.traces()[0][0].length, "only production is recorded");
    }

    @Test
    void aWarmUpAdaptsThenProductionIsFrozen() {
        Logging step = new Logging();
        run(new CycleEngine.Plan<>(CycleEngine.Phase.warmup("sweeps", List.of(step)), 0.5,
                CycleEngine.Phase.production("sweeps", List.of(step, Step.record())), false));
        assertEquals(List.of("adapting", "adapting", "freeze", "frozen", "frozen"), step.log);
    }
}
