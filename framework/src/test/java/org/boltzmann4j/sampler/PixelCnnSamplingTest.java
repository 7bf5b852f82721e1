package org.boltzmann4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.testing.Enumeration;
import org.boltzmann4j.testing.TinyIsing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nis with the PixelCNN model on a 3×3 torus in a field, against exact enumeration. */
class PixelCnnSamplingTest {

    private static final NeuralSpinSettings PIXEL =
            new NeuralSpinSettings("pixelcnn", 0, 0, 8, 2, 1, 256, 0.01, 10, 0.5, true, 0.5, 0.1, null);

    @Test
    void importanceSamplingWithPixelCnnEstimatesLnZ(@TempDir Path dir) throws Exception {
        TinyIsing ising = new TinyIsing(3, 3, 0.4, 0.1);
        RunRecord record = new NeuralImportanceSampling<>(PIXEL, 10_000)
                .run(ising, new RunContext(Budget.steps(300), 5, Progress.SILENT, dir));
        assertTrue(record.lnZ().stderr() > 0 && record.lnZ().stderr() < 0.02, "stderr " + record.lnZ().stderr());
        assertEquals(new Enumeration(ising).lnZ(), record.lnZ().estimate(), 4 * record.lnZ().stderr());
        assertTrue(Files.exists(dir.resolve("pixelcnn.bin")));
        assertTrue(Files.readString(dir.resolve("model.txt")).contains("PixelCnn.load"));
    }

    @Test
    void pixelCnnNeedsASquareLattice() {
        TinyIsing strip = new TinyIsing(2, 3, 0.4, 0);
        B4jException e = org.junit.jupiter.api.Assertions.assertThrows(B4jException.class, () ->
                new NeuralImportanceSampling<>(PIXEL, 100).run(strip, new RunContext(Budget.steps(4), 1,
                        Progress.SILENT, null)));
        assertEquals(B4jException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("square"), e.getMessage());
    }
}
