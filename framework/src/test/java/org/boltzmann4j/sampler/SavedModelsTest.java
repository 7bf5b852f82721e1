package org.boltzmann4j.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.model.BatchView;
import org.boltzmann4j.model.GenerativeModel;
import org.boltzmann4j.model.SymmetrizedModel;
import org.boltzmann4j.model.autoregressive.Made;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.Observable;
import org.boltzmann4j.testing.Enumeration;
import org.boltzmann4j.testing.TinyIsing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sampler.init_model}: a saved model reused as saved, warm-started, and refused when it does not fit. */
class SavedModelsTest {

    private static final int D = 9;
    /** A 3×3 torus in a field whose one observable is the configuration's index, so records name their state. */
    private static final TinyIsing ISING = new TinyIsing(3, 3, 0.4, 0.1) {
        @Override
        public List<Observable<byte[]>> observables() {
            return List.of(Observable.of("index", s -> Enumeration.index(s, 0, D)));
        }
    };
    private static final int BATCH = 256;

    @TempDir
    static Path trained;

    /** Trains a MADE on the torus by reverse KL, without annealing, and saves it into {@code trained/model}. */
    @BeforeAll
    static void train() {
        run(ISING, Map.of("anneal", "0"), 200, 1, trained.resolve("model"));
    }

    private static RunRecord run(BoltzmannSystem<byte[]> system, Map<String, String> overrides, long steps, long seed,
                                 Path modelDir) {
        Map<String, String> all = new HashMap<>(Map.of("hidden", "16", "lr", "0.01", "batch", "" + BATCH,
                "samples", "2000"));
        all.putAll(overrides);
        SamplerFactory nis = NeuralImportanceSampling.factory();
        @SuppressWarnings("unchecked")
        Sampler<byte[]> sampler = (Sampler<byte[]>) nis.create(system,
                Parameters.resolve("sampler nis", nis.parameters(), all));
        return sampler.run(system, new RunContext(Budget.steps(steps), seed, Progress.SILENT, modelDir));
    }

    /** The saved model as the sampler draws from it: its sign-flip average. */
    private static GenerativeModel<byte[]> saved() {
        return new SymmetrizedModel<>(Made.load(trained.resolve("model")), ISING.symmetries().signFlipSubgroup(),
                BatchView.SPIN, new byte[D]);
    }

    /**
     * A han saved on a 4 × 4 torus starts an 8 × 8 run: the sampler moves it (other families are refused
     * on another size), and its first batch's loss lies far below a fresh model's, from the trained levels.
     */
    @Test
    void aHanSavedOnASmallerTorusStartsALargerOneWithItsTrainedLevels(@TempDir Path small) {
        TinyIsing four = new TinyIsing(4, 4, 0.44, 0);
        TinyIsing eight = new TinyIsing(8, 8, 0.44, 0);
        run(four, Map.of("model", "han", "anneal", "0"), 300, 3, small);
        double warm = run(eight, Map.of("model", "han", "init_model", small.toString()), 1, 4, null)
                .history().get("loss").y()[0];
        double cold = run(eight, Map.of("model", "han", "anneal", "0"), 1, 4, null).history().get("loss").y()[0];
        assertTrue(cold - warm > 5, "warm " + warm + " against cold " + cold);
    }

    @Test
    void withoutTrainingTheRunSamplesTheSavedModelAsSaved(@TempDir Path out) throws Exception {
        // the run directory stands for its model/
        RunRecord record = run(ISING, Map.of("init_model", trained.toString(), "train_fraction", "0"), 1000, 7,
                out);
        assertArrayEquals(Files.readAllBytes(trained.resolve("model/made.bin")), Files.readAllBytes(out.resolve("made.bin")),
                "no training step: the model saved again is the model loaded, bit for bit");
        assertEquals(0L, ((Number) record.details().get("training_steps")).longValue());
        assertTrue(record.warnings().stream().noneMatch(w -> w.contains("untrained")), record.warnings().toString());
        GenerativeModel<byte[]> model = saved();
        double[] index = record.traces()[0][0];
        assertEquals(2000, index.length);
        double[] logq = new double[1];
        for (int r = 0; r < index.length; r++) {
            byte[] s = Enumeration.configuration((int) index[r], D);
            model.logDensity(s, 1, logq);
            assertEquals(-ISING.energy(s) - logq[0], record.logWeights()[r], 1e-9, "sample " + r);
        }
    }

    @Test
    void warmStartedTrainingBeginsAtTheSavedModelsLoss() {
        // exact reverse-KL loss F = E_q[U + ln q] of the saved model and the spread of one sample's U + ln q
        GenerativeModel<byte[]> model = saved();
        byte[] all = Enumeration.all(D);
        int n = 1 << D;
        double[] logq = new double[n];
        model.logDensity(all, n, logq);
        double f = 0;
        double f2 = 0;
        for (int c = 0; c < n; c++) {
            double l = ISING.energy(Enumeration.configuration(c, D)) + logq[c];
            f += Math.exp(logq[c]) * l;
            f2 += Math.exp(logq[c]) * l * l;
        }
        double stderr = Math.sqrt((f2 - f * f) / BATCH);
        double warm = run(ISING, Map.of("init_model", trained.resolve("model").toString()), 10, 2, null)
                .history().get("loss").y()[0];
        double cold = run(ISING, Map.of("anneal", "0"), 10, 2, null).history().get("loss").y()[0];
        assertEquals(f, warm, 5 * stderr, "the first warm-started batch measures the saved model's loss");
        assertTrue(cold - f > 20 * stderr, "a fresh model starts far above: cold " + cold + ", saved " + f);
    }

    @Test
    void modelsThatDoNotFitAreRefused(@TempDir Path empty) throws Exception {
        String dir = trained.toString();
        assertRefused(ISING, Map.of("init_model", empty.toString()), "holds no saved model");
        assertRefused(new TinyIsing(4, 4, 0.4, 0), Map.of("init_model", dir), "models 9 degrees of freedom; tiny-ising has 16");
        assertRefused(ISING, Map.of("init_model", dir, "model", "pixelcnn"), "set sampler.model=made");
        Path corrupt = empty.resolve("model");
        Files.createDirectories(corrupt);
        byte[] bytes = Files.readAllBytes(trained.resolve("model/made.bin"));
        Files.write(corrupt.resolve(Made.FILE), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(ISING, Map.of("init_model", empty.toString()), "cannot be read");
        java.nio.ByteBuffer.wrap(bytes).putInt(8 + 3 * 4 + 2 * 8, -5); // the parameter count, now negative
        Files.write(corrupt.resolve(Made.FILE), bytes);
        assertRefused(ISING, Map.of("init_model", empty.toString()), "cannot be read (the file is corrupt)");
    }

    private static void assertRefused(BoltzmannSystem<?> system, Map<String, String> overrides, String message) {
        SamplerFactory nis = NeuralImportanceSampling.factory();
        B4jException e = assertThrows(B4jException.class,
                () -> nis.create(system, Parameters.resolve("sampler nis", nis.parameters(), overrides)));
        assertEquals(B4jException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("init_model="), e.getMessage());
    }
}
