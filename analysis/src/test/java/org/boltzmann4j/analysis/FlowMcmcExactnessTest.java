package org.boltzmann4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.boltzmann4j.systems.exact.DoubleWellExact;
import org.boltzmann4j.systems.exact.Phi4ChainExact;
import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.sampler.Sampler;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.systems.Systems;
import org.junit.jupiter.api.Test;

/**
 * flow-mcmc is exact whatever the flow learned: its mode weights match exact references on a small
 * φ⁴ chain (transfer matrix) and on the tilted double well (quadrature), also when every chain
 * starts in one mode and only the symmetrized flow can supply the other.
 */
class FlowMcmcExactnessTest {

    @SuppressWarnings("unchecked")
    static RunReport run(String system, Map<String, String> systemParams, Map<String, String> samplerParams,
                         long cycles) {
        BoltzmannSystem<double[]> s = (BoltzmannSystem<double[]>) Systems.create(system, systemParams);
        Map<String, String> sp = new HashMap<>(Map.of("chains", "64", "hidden", "32", "couplings", "4",
                "batch", "128", "local_steps", "5", "train_fraction", "0.5"));
        sp.putAll(samplerParams);
        Sampler<double[]> sampler = (Sampler<double[]>) Samplers.create("flow-mcmc", s, sp).sampler();
        RunRecord record = sampler.run(s, new RunContext(Budget.steps(cycles), 7, Progress.SILENT, null));
        return RunAnalysis.analyze(s, record);
    }

    static void assertWithin(Estimate e, double exact, double sigmas, double maxStderr, String what) {
        assertTrue(e.stderr() < maxStderr, what + ": error bar too wide to test anything: " + e);
        assertEquals(exact, e.mean(), sigmas * e.stderr(), what + ": " + e + " vs exact " + exact);
    }

    @Test
    void phi4ChainModeWeightMatchesTransferMatrix() {
        RunReport r = run("phi4-chain", Map.of("N", "16", "h", "0.1"), Map.of(), 600);
        double exact = Phi4ChainExact.of(16, 20, 0.1, 0.1).probabilityMidPositive();
        assertWithin(r.observables().get("phi_mid_positive"), exact, 4, 0.02, "P(phi_mid > 0)");
        assertTrue(r.transitions().count() > 100, "the flow must carry chains across: " + r.transitions());
    }

    @Test
    void oneModeStartWithSymmetrizedFlowFindsTheOtherMode() {
        RunReport r = run("phi4-chain", Map.of("N", "16", "h", "0.05"), Map.of("init", "one-mode"), 600);
        double exact = Phi4ChainExact.of(16, 20, 0.1, 0.05).probabilityMidPositive();
        assertWithin(r.observables().get("phi_mid_positive"), exact, 4, 0.02, "P(phi_mid > 0), one-mode start");
    }

    @Test
    void doubleWellWeightIsExactWithAPlainFlow() {
        RunReport r = run("double-well", Map.of("d", "2"), Map.of("equivariant", "false", "chains", "32"), 800);
        double exact = DoubleWellExact.of(2, 1, 8, 0.5).probabilityPositive();
        assertWithin(r.observables().get("x0_positive"), exact, 4, 0.03, "P(x0 > 0)");
    }

    @Test
    void reverseKlObjectiveFromOneModeIsExactWithTheSymmetrizedFlow() {
        RunReport r = run("phi4-chain", Map.of("N", "16", "h", "0.05"),
                Map.of("init", "one-mode", "objective", "kl"), 600);
        double exact = Phi4ChainExact.of(16, 20, 0.1, 0.05).probabilityMidPositive();
        assertWithin(r.observables().get("phi_mid_positive"), exact, 4, 0.02, "P(phi_mid > 0), reverse KL");
        double lnZ = Phi4ChainExact.of(16, 20, 0.1, 0.05).lnZ();
        assertTrue(r.lnZ().stderr() > 0 && r.lnZ().stderr() < 0.02, "ln Z from the flow's proposals: " + r.lnZ());
        assertEquals(lnZ, r.lnZ().estimate(), 4 * r.lnZ().stderr(), "ln Z " + r.lnZ() + " vs exact " + lnZ);
    }
}
