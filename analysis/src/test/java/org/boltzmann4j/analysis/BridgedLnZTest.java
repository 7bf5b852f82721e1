package org.boltzmann4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.sampler.Sampler;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.systems.Ising2d;
import org.boltzmann4j.systems.Phi4Lattice;
import org.boltzmann4j.systems.exact.FreeField;
import org.boltzmann4j.systems.exact.IsingEnumeration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ln Z by Bennett's acceptance ratio between a model's production draws and the states of chains
 * that also make local moves, where it is exact: flow-mcmc on the free field at L = 4 (m² = 1,
 * λ = 0) and nmcmc, with each spin kernel, on the 4×4 Ising torus at β_c (enumeration). Within a few of its error, an
 * error small enough to test something; the importance-sampling estimate of the same draws is kept
 * beside it.
 */
class BridgedLnZTest {

    @SuppressWarnings("unchecked")
    private static <C> RunReport run(BoltzmannSystem<C> system, String sampler, Map<String, String> params,
                                     long steps, long seed) {
        Sampler<C> s = (Sampler<C>) Samplers.create(sampler, system, params).sampler();
        RunRecord record = s.run(system, new RunContext(Budget.steps(steps), seed, Progress.SILENT, null));
        return RunAnalysis.analyze(system, record);
    }

    private static void assertBridged(RunReport report, double exact, double maxError) {
        assertEquals(RunAnalysis.BAR, report.diagnostics().get(RunAnalysis.LN_Z_ESTIMATOR));
        assertTrue(report.diagnostics().containsKey("ln_z_importance_sampling"));
        assertFalse(report.untrusted().containsKey(RunAnalysis.LN_Z), report.untrusted().toString());
        double error = report.lnZ().stderr();
        assertTrue(error > 0 && error < maxError, "stderr " + error);
        assertEquals(exact, report.lnZ().estimate(), 4 * error, "ln Z " + report.lnZ() + ", exact " + exact);
    }

    @Test
    void flowMcmcGetsTheFreeFieldLnZ() {
        Phi4Lattice lattice = new Phi4Lattice(4, 1, 0);
        RunReport report = run(lattice, "flow-mcmc", Map.of("chains", "32", "kernel", "hmc", "local_steps", "5",
                "global_steps", "1", "train_fraction", "0.3"), 600, 3);
        assertBridged(report, FreeField.of(4, 1).lnZ(), 0.02);
    }

    /** With each kernel between the model's proposals: the chains' states must be states of exp(-U). */
    @ParameterizedTest
    @ValueSource(strings = {"metropolis", "heat-bath", "wolff", "swendsen-wang"})
    void neuralMcmcGetsTheIsingLnZ(String kernel) {
        double beta = 0.4406868;
        Ising2d ising = new Ising2d(4, beta, 1, 0);
        RunReport report = run(ising, "nmcmc", Map.of("model", "made", "hidden", "16", "chains", "32",
                "local_sweeps", "1", "spin_kernel", kernel), 800, 7);
        assertBridged(report, IsingEnumeration.solve(4, beta, 1, 0).lnZ(), 0.02);
    }
}
