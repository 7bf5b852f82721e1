package org.boltzmann4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.sampler.Sampler;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.systems.Phi4Lattice;
import org.boltzmann4j.systems.exact.FreeField;
import org.junit.jupiter.api.Test;

/**
 * flow-mcmc's ln Z on the free field at L = 4 (m² = 1, λ = 0), where it is exact: Bennett's acceptance
 * ratio between the flow's production draws and the HMC chains' states, within a few of its error,
 * an error small enough to test something; the importance-sampling estimate of the same draws is kept
 * beside it.
 */
class Phi4LatticeFlowLnZTest {

    @Test
    void flowMcmcGetsTheFreeFieldLnZByBennettsAcceptanceRatio() {
        Phi4Lattice lattice = new Phi4Lattice(4, 1, 0);
        @SuppressWarnings("unchecked")
        Sampler<double[]> flowMcmc = (Sampler<double[]>) Samplers.create("flow-mcmc", lattice, Map.of("chains", "32",
                "kernel", "hmc", "local_steps", "5", "global_steps", "1", "train_fraction", "0.3")).sampler();
        RunRecord record = flowMcmc.run(lattice, new RunContext(Budget.steps(600), 3, Progress.SILENT, null));
        RunReport report = RunAnalysis.analyze(lattice, record);
        assertEquals(RunAnalysis.BAR, report.diagnostics().get(RunAnalysis.LN_Z_ESTIMATOR));
        assertTrue(report.diagnostics().containsKey("ln_z_importance_sampling"));
        assertTrue(!report.untrusted().containsKey(RunAnalysis.LN_Z), report.untrusted().toString());
        double exact = FreeField.of(4, 1).lnZ();
        double error = report.lnZ().stderr();
        assertTrue(error > 0 && error < 0.02, "stderr " + error);
        assertEquals(exact, report.lnZ().estimate(), 4 * error, "ln Z " + report.lnZ() + ", exact " + exact);
    }
}
