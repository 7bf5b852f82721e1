package org.boltzmann4j.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.sampler.Sampler;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.system.BoltzmannSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code nis} with {@code ais_steps}: annealed importance sampling from a barely trained model is
 * unbiased for Z (against Kaufman's finite torus and the free lattice field), and its weights are
 * far less spread than the model's own.
 */
class AnnealedImportanceSamplingTest {

    @ParameterizedTest
    @ValueSource(strings = {"metropolis", "wolff"})
    void annealingAPoorAutoregressiveModelGetsLnZOfTheIsingTorus(String kernel) {
        RunRecord r = run("ising2d", Map.of("L", "4", "beta", "0.44"), Map.of("model", "made", "hidden", "16",
                "samples", "6000", "ais_steps", "20", "ais_kernel", kernel), 100);
        check(r, Systems.create("ising2d", Map.of("L", "4", "beta", "0.44")).exactReference().orElseThrow().lnZ()
                .orElseThrow());
    }

    @Test
    void annealingAPoorFlowWithHmcGetsLnZOfTheFreeField() {
        Map<String, String> field = Map.of("L", "4", "m2", "1", "lambda", "0");
        RunRecord r = run("phi4-lattice", field, Map.of("model", "realnvp", "hidden", "16", "couplings", "2",
                "base", "normal", "samples", "4000", "ais_steps", "20", "leapfrog", "4"), 150);
        check(r, Systems.create("phi4-lattice", field).exactReference().orElseThrow().lnZ().orElseThrow());
        assertEquals("hmc", r.details().get("ais_kernel"));
    }

    /** ln Z within 4 stderr, and a Kish ESS that annealing has at least doubled over the model's own. */
    private static void check(RunRecord r, double exact) {
        assertEquals(exact, r.lnZ().estimate(), 4 * r.lnZ().stderr(), "ln Z by annealed importance sampling");
        assertTrue(r.lnZ().stderr() < 0.1, "stderr " + r.lnZ().stderr());
        double annealed = ((Number) r.details().get("ess_fraction")).doubleValue();
        @SuppressWarnings("unchecked")
        double model = ((Number) ((Map<String, Object>) r.details().get("model_weights")).get("ess_fraction"))
                .doubleValue();
        assertTrue(model < 0.7, "the model is meant to be poor: ESS fraction " + model);
        assertTrue(annealed > 2 * model || annealed > 0.9, "annealing raises the ESS fraction " + model + " -> "
                + annealed);
        double acceptance = ((Number) r.details().get("ais_acceptance")).doubleValue();
        assertTrue(acceptance > 0.05 && acceptance < 1, "annealing moves accepted: " + acceptance);
    }

    @SuppressWarnings("unchecked")
    private static RunRecord run(String name, Map<String, String> parameters, Map<String, String> settings,
                                 long trainingSteps) {
        BoltzmannSystem<Object> system = (BoltzmannSystem<Object>) Systems.create(name, parameters);
        Map<String, String> set = new HashMap<>(settings);
        set.put("train_fraction", "0.5");
        Sampler<Object> nis = (Sampler<Object>) Samplers.create("nis", system, set).sampler();
        return nis.run(system, new RunContext(Budget.steps(2 * trainingSteps), 5, Progress.SILENT, null));
    }
}
