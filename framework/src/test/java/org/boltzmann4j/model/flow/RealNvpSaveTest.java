package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealNvpSaveTest {

    @Test
    void roundTripKeepsDensityAndOptimizerState(@TempDir Path dir) {
        for (boolean float32 : new boolean[] {false, true}) {
            int d = 5;
            RealNvpConfig config = new RealNvpConfig(d, 12, 3, float32, 2e-3, 5, 2);
            RealNvp flow = RealNvp.create(config, new GaussianPrecision(new double[] {1, 0, -1, 0.5, 2}, Flows.spd(d, 1)), 4);
            double[] xs = Flows.gaussian(64 * d, 1.5, 2);
            for (int step = 0; step < 5; step++) {
                flow.maximumLikelihoodStep(xs, 64);
            }
            Path where = dir.resolve("flow-" + float32);
            flow.save(where);
            RealNvp loaded = RealNvp.load(where);
            assertEquals(config, loaded.config());
            assertInstanceOf(GaussianPrecision.class, loaded.base());
            assertArrayEquals(((GaussianPrecision) flow.base()).precision(), ((GaussianPrecision) loaded.base()).precision());
            assertArrayEquals(((GaussianPrecision) flow.base()).mean(), ((GaussianPrecision) loaded.base()).mean());
            double[] before = new double[64];
            double[] after = new double[64];
            flow.logDensity(xs, 64, before);
            loaded.logDensity(xs, 64, after);
            assertArrayEquals(before, after);
            assertEquals(flow.maximumLikelihoodStep(xs, 64), loaded.maximumLikelihoodStep(xs, 64));
            assertEquals(flow.maximumLikelihoodStep(xs, 64), loaded.maximumLikelihoodStep(xs, 64));
        }
    }
}
