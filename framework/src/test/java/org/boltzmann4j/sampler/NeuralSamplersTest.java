package org.boltzmann4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.model.autoregressive.Han;
import org.boltzmann4j.model.autoregressive.Made;
import org.boltzmann4j.testing.Enumeration;
import org.boltzmann4j.testing.SingleSpinMetropolis;
import org.boltzmann4j.testing.TinyIsing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nis, nmcmc and ncus on a 3×3 torus in a field, and with the hierarchical model on a 4×4 torus near
 * β_c (2^16 states), against exact enumeration.
 */
class NeuralSamplersTest {

    private static final TinyIsing ISING = new TinyIsing(3, 3, 0.4, 0.1);
    private static final Enumeration EXACT = new Enumeration(ISING);
    private static final NeuralSpinSettings SETTINGS =
            new NeuralSpinSettings("made", 16, 1, 0, 0, 0, 256, 0.01, 10, 0.5, true, 0.5, 0.1, null);

    private static final TinyIsing ISING_4X4 = new TinyIsing(4, 4, 0.44, 0);
    private static final Enumeration EXACT_4X4 = new Enumeration(ISING_4X4);
    private static final NeuralSpinSettings HAN =
            new NeuralSpinSettings("han", 16, 1, 0, 0, 0, 256, 0.01, 10, 0.5, true, 0.5, 0.1, null);

    private static RunContext context(long steps, long seed, Path modelDir) {
        return new RunContext(Budget.steps(steps), seed, Progress.SILENT, modelDir);
    }

    @Test
    void importanceSamplingEstimatesLnZAndObservables(@TempDir Path dir) {
        RunRecord record = new NeuralImportanceSampling<>(SETTINGS, 10_000).run(ISING, context(300, 1, dir));
        double lnZ = EXACT.lnZ();
        assertTrue(record.lnZ().stderr() > 0 && record.lnZ().stderr() < 0.01, "stderr " + record.lnZ().stderr());
        assertEquals(lnZ, record.lnZ().estimate(), 4 * record.lnZ().stderr());
        assertEquals(10_000L, ((Number) record.details().get("samples")).longValue());

        double[] logw = record.logWeights();
        double max = java.util.Arrays.stream(logw).max().getAsDouble();
        double[] w = java.util.Arrays.stream(logw).map(x -> Math.exp(x - max)).toArray();
        double sum = java.util.Arrays.stream(w).sum();
        double sum2 = java.util.Arrays.stream(w).map(x -> x * x).sum();
        double ess = sum * sum / sum2;
        assertTrue(ess > 0.5 * logw.length, "a trained model on 9 spins should give a high ESS: " + ess);
        double[][] moments = EXACT.moments(ISING.observables());
        for (int o = 0; o < record.observableNames().size(); o++) {
            double[] trace = record.traces()[o][0];
            assertEquals(logw.length, trace.length);
            double mean = 0;
            for (int r = 0; r < trace.length; r++) {
                mean += w[r] * trace[r] / sum;
            }
            double err = Math.sqrt(moments[o][1] / ess);
            assertEquals(moments[o][0], mean, 5 * err, record.observableNames().get(o));
        }
        assertTrue(record.history().get("loss").y().length == 150);
        assertTrue(Files.exists(dir.resolve("made.bin")));
        assertEquals(9, Made.load(dir).dimension());
    }

    @Test
    void thinnedImportanceTracesKeepTheWeightsOfTheKeptSamples(@TempDir Path dir) throws Exception {
        TinyIsing indexed = new TinyIsing(3, 3, 0.4, 0.1) {
            @Override
            public List<org.boltzmann4j.system.Observable<byte[]>> observables() {
                return List.of(org.boltzmann4j.system.Observable.of("index", s -> Enumeration.index(s, 0, 9)));
            }
        };
        // 64 records at most: 3000 samples are thinned five times, to a stride of 64
        RunRecord record = new NeuralImportanceSampling<>(SETTINGS, 3000, 64).run(indexed, context(20, 4, dir));
        assertEquals(64, record.stride());
        double[] index = record.traces()[0][0];
        assertEquals(index.length, record.logWeights().length);
        assertTrue(index.length >= 32);
        var model = new org.boltzmann4j.model.SymmetrizedModel<>(Made.load(dir),
                indexed.symmetries().signFlipSubgroup(), org.boltzmann4j.model.BatchView.SPIN, new byte[9]);
        for (int r = 0; r < index.length; r++) {
            byte[] s = Enumeration.configuration((int) index[r], 9);
            double[] logq = new double[1];
            model.logDensity(s, 1, logq);
            assertEquals(-indexed.energy(s) - logq[0], record.logWeights()[r], 1e-9, "record " + r);
        }
    }

    /** Chain means of each observable against exact values, with errors from the spread over chains. */
    private static void assertChainMeans(RunRecord record) {
        assertChainMeans(record, ISING, EXACT, 0.03);
    }

    private static void assertChainMeans(RunRecord record, TinyIsing ising, Enumeration exact, double largestError) {
        double[][] moments = exact.moments(ising.observables());
        for (int o = 0; o < record.observableNames().size(); o++) {
            double[][] chains = record.traces()[o];
            double[] means = new double[chains.length];
            for (int c = 0; c < chains.length; c++) {
                means[c] = java.util.Arrays.stream(chains[c]).average().orElseThrow();
            }
            double mean = java.util.Arrays.stream(means).average().orElseThrow();
            double var = java.util.Arrays.stream(means).map(m -> (m - mean) * (m - mean)).sum() / (means.length - 1);
            double err = Math.sqrt(var / means.length);
            assertTrue(err > 0 && err < largestError, "error " + err);
            assertEquals(moments[o][0], mean, 5 * err, record.observableNames().get(o));
        }
    }

    @Test
    void importanceSamplingWithHanEstimatesLnZ(@TempDir Path dir) {
        RunRecord record = new NeuralImportanceSampling<>(HAN, 20_000).run(ISING_4X4, context(400, 1, dir));
        double stderr = record.lnZ().stderr();
        assertTrue(stderr > 0 && stderr < 0.005, "stderr " + stderr);
        assertEquals(EXACT_4X4.lnZ(), record.lnZ().estimate(), 4 * stderr, "ln Z of the 4 x 4 torus at beta 0.44");
        assertTrue(Files.exists(dir.resolve(Han.FILE)));
        assertEquals(16, Han.load(dir).dimension());
    }

    @Test
    void neuralClusterUpdatesWithHanMatchEnumeration() {
        RunRecord record = new NeuralClusterUpdates(HAN, 32, 8, 0, null, 0.1).run(ISING_4X4, context(600, 3, null));
        assertChainMeans(record, ISING_4X4, EXACT_4X4, 0.05);
        assertTrue(record.acceptance().get("global") > 0.3, "acceptance " + record.acceptance());
    }

    @Test
    void neuralMcmcMatchesEnumeration() {
        RunRecord record = new NeuralMcmc<byte[]>(SETTINGS, 32, 1, s -> new SingleSpinMetropolis((org.boltzmann4j.system.SpinSystem) s), 0).run(ISING, context(500, 2, null));
        assertEquals(250, record.productionSteps());
        assertChainMeans(record);
        assertTrue(record.acceptance().get("global") > 0.5, "global acceptance " + record.acceptance());
        assertTrue(record.acceptance().containsKey("local"));
        assertTrue(record.energyEvaluations() > 250 * 32 * 10);
        assertTrue(record.history().keySet().containsAll(List.of("loss", "acceptance_global")));
    }

    @Test
    void neuralMcmcTrainedOnItsChainsMatchesEnumeration() {
        java.util.function.Function<org.boltzmann4j.system.BoltzmannSystem<byte[]>,
                org.boltzmann4j.kernel.MarkovKernel<byte[]>> local =
                s -> new SingleSpinMetropolis((org.boltzmann4j.system.SpinSystem) s);
        ChainTraining<byte[], ?> training = new ChainTraining<>(SETTINGS, local, 32, 1, 8, "ml");
        RunRecord record = new NeuralMcmc<>(training, 32, 1, local, 0).run(ISING, context(500, 5, null));
        assertEquals(250, record.productionSteps());
        assertChainMeans(record);
        assertEquals("ml", record.details().get("objective"));
        assertTrue(record.acceptance().get("global") > 0.5, "an ML-trained model on 9 spins should propose well: "
                + record.acceptance());
        assertEquals(EXACT.lnZ(), record.lnZ().estimate(), 4 * record.lnZ().stderr(), "ln Z from the proposals");
        assertTrue(record.lnZ().stderr() < 0.01, "ln Z " + record.lnZ());
    }

    @Test
    void neuralClusterUpdatesMatchEnumeration() {
        RunRecord record = new NeuralClusterUpdates(SETTINGS, 32, 5, 0, null, 0.1).run(ISING, context(500, 3, null));
        assertChainMeans(record);
        assertEquals(Map.of("global", record.acceptance().get("global")), record.acceptance());
        assertTrue(record.acceptance().get("global") > 0.5, "acceptance " + record.acceptance());
        double k = ((Number) record.details().get("mean_regenerated_sites")).doubleValue();
        assertEquals(3, k, 0.1);
    }

    @Test
    void factoriesDeclareParametersAndRejectContinuousSystems() {
        SamplerFactory nis = NeuralImportanceSampling.factory();
        SamplerFactory nmcmc = NeuralMcmc.factory((kernel, s) -> SingleSpinMetropolis::new);
        SamplerFactory ncus = NeuralClusterUpdates.factory((kernel, s) -> SingleSpinMetropolis::new);
        for (SamplerFactory f : List.of(nis, nmcmc, ncus)) {
            assertNull(f.unsupportedReason(ISING));
            Parameters p = Parameters.resolve("sampler " + f.name(), f.parameters(), Map.of("hidden", "8"));
            assertNotNull(f.create(ISING, p));
            assertTrue(f.parameters().stream().anyMatch(s -> s.name().equals("model")));
        }
        var continuous = new org.boltzmann4j.system.ContinuousSystem("toy", Parameters.of(Map.of())) {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public double energy(double[] x) {
                return 0;
            }

            @Override
            public org.boltzmann4j.system.SymmetryGroup<double[]> symmetries() {
                return org.boltzmann4j.system.SymmetryGroup.trivial(org.boltzmann4j.system.Symmetries.identity());
            }
        };
        assertTrue(ncus.unsupportedReason(continuous).contains("spin"));
    }

    /**
     * An annealed run warns when the model's own weights on its draws give a ln Z more than three
     * combined errors below the annealed one (as at 64², β_c: 5-10 sigma low), and only then.
     */
    @Test
    void annealingWarnsWhereTheModelAloneFallsShort() {
        RunRecord.LnZ annealed = new RunRecord.LnZ(3808.671, 0.011);
        for (double[] model : new double[][] {{3808.55, 0.02, 1}, {3808.64, 0.02, 0}, {3808.75, 0.02, 0}}) {
            List<String> warnings = new ArrayList<>();
            NeuralImportanceSampling.warnIfTheModelAloneFallsShort(new RunRecord.LnZ(model[0], model[1]), annealed,
                    warnings);
            assertEquals((int) model[2], warnings.size(), "model ln Z " + model[0] + ": " + warnings);
            if (model[2] > 0) {
                assertTrue(warnings.get(0).contains("3808.55") && warnings.get(0).contains("5.3 combined errors"),
                        warnings.get(0));
            }
        }
    }
}
