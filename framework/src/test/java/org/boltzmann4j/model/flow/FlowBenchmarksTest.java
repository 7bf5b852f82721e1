package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FlowBenchmarksTest {

    @Test
    void timingsHaveOneEntryPerRun() {
        for (boolean float32 : new boolean[] {false, true}) {
            double[] step = FlowBenchmarks.timeTrainingStep(7, 8, 2, 16, float32, 1, 3);
            double[] sample = FlowBenchmarks.timeSampling(7, 8, 2, 16, float32, 1, 2);
            assertEquals(3, step.length);
            assertEquals(2, sample.length);
            for (double t : step) {
                assertTrue(t > 0 && t < 1e4, "milliseconds per step: " + t);
            }
            for (double t : sample) {
                assertTrue(t > 0 && t < 1e4, "milliseconds per sampling call: " + t);
            }
        }
    }

    @Test
    void latticeTimingsHaveOneEntryPerRun() {
        for (boolean z2 : new boolean[] {false, true}) {
            double[] step = FlowBenchmarks.timeLatticeStep(4, 3, 2, 8, z2, z2 ? 4 : 0, z2, Flows.doubleWellChain(16), 1, 3);
            double[] sample = FlowBenchmarks.timeLatticeSampling(4, 3, 2, 8, z2, z2 ? 0 : 4, false, 1, 2);
            assertEquals(3, step.length);
            assertEquals(2, sample.length);
            for (double t : step) {
                assertTrue(t > 0 && t < 1e4, "milliseconds per step: " + t);
            }
            for (double t : sample) {
                assertTrue(t > 0 && t < 1e4, "milliseconds per sampling call: " + t);
            }
        }
    }
}
