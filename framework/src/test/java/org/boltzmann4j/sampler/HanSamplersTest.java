package org.boltzmann4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.boltzmann4j.model.autoregressive.Han;
import org.boltzmann4j.testing.Enumeration;
import org.boltzmann4j.testing.TinyIsing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nis and ncus with the hierarchical model on a 4 × 4 torus near β_c, against exact enumeration (2^16 states). */
class HanSamplersTest {

    private static final TinyIsing ISING = new TinyIsing(4, 4, 0.44, 0);
    private static final Enumeration EXACT = new Enumeration(ISING);
    private static final NeuralSpinSettings SETTINGS =
            new NeuralSpinSettings("han", 16, 1, 0, 0, 0, 256, 0.01, 10, 0.5, true, 0.5, 0.1, null);

    private static RunContext context(long steps, long seed, Path modelDir) {
        return new RunContext(Budget.steps(steps), seed, Progress.SILENT, modelDir);
    }

    @Test
    void importanceSamplingWithHanEstimatesLnZ(@TempDir Path dir) {
        RunRecord record = new NeuralImportanceSampling<>(SETTINGS, 20_000).run(ISING, context(400, 1, dir));
        double stderr = record.lnZ().stderr();
        assertTrue(stderr > 0 && stderr < 0.005, "stderr " + stderr);
        assertEquals(EXACT.lnZ(), record.lnZ().estimate(), 4 * stderr, "ln Z of the 4 x 4 torus at beta 0.44");
        assertTrue(Files.exists(dir.resolve(Han.FILE)));
        assertEquals(16, Han.load(dir).dimension());
    }

    @Test
    void neuralClusterUpdatesWithHanMatchEnumeration() {
        RunRecord record = new NeuralClusterUpdates(SETTINGS, 32, 8, 0, null).run(ISING, context(600, 3, null));
        double[][] moments = EXACT.moments(ISING.observables());
        for (int o = 0; o < record.observableNames().size(); o++) {
            double[][] chains = record.traces()[o];
            double[] means = new double[chains.length];
            for (int c = 0; c < chains.length; c++) {
                means[c] = java.util.Arrays.stream(chains[c]).average().orElseThrow();
            }
            double mean = java.util.Arrays.stream(means).average().orElseThrow();
            double var = java.util.Arrays.stream(means).map(m -> (m - mean) * (m - mean)).sum() / (means.length - 1);
            double err = Math.sqrt(var / means.length);
            assertTrue(err > 0 && err < 0.05, "error " + err);
            assertEquals(moments[o][0], mean, 5 * err, record.observableNames().get(o));
        }
        assertTrue(record.acceptance().get("global") > 0.3, "acceptance " + record.acceptance());
    }
}
