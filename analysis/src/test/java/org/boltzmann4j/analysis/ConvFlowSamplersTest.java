package org.boltzmann4j.analysis;

import static org.boltzmann4j.analysis.FlowMcmcExactnessTest.assertWithin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.analysis.stats.McStatistics;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.sampler.Sampler;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.systems.Systems;
import org.boltzmann4j.systems.exact.FreeField;
import org.junit.jupiter.api.Test;

/**
 * The convolutional flow ({@code model=convflow}) through the spine's samplers on phi4-lattice:
 * ln Z of the free field against its closed form, from a flow that must learn it (N(0, I) base),
 * with affine and with spline couplings, and the Z2-equivariant flow without any sign-flip average.
 */
class ConvFlowSamplersTest {

    private static final Map<String, String> SMALL_FLOW = Map.of("model", "convflow", "channels", "4",
            "couplings", "4", "batch", "128");

    @SuppressWarnings("unchecked")
    private static RunRecord record(String sampler, Map<String, String> system, Map<String, String> params, long cycles) {
        BoltzmannSystem<double[]> lattice = (BoltzmannSystem<double[]>) Systems.create("phi4-lattice", system);
        Map<String, String> sp = new HashMap<>(SMALL_FLOW);
        sp.putAll(params);
        Sampler<double[]> s = (Sampler<double[]>) Samplers.create(sampler, lattice, sp).sampler();
        return s.run(lattice, new RunContext(Budget.steps(cycles), 13, Progress.SILENT, null));
    }

    @Test
    void importanceSamplingGetsLnZOfTheFreeField() {
        checkFreeFieldLnZ(Map.of("base", "normal", "samples", "20000", "lr", "0.01"));
    }

    /** Spline couplings learn the free field too (their identity tails meet the N(0, I) base's far samples). */
    @Test
    void splineCouplingsGetLnZOfTheFreeField() {
        checkFreeFieldLnZ(Map.of("base", "normal", "samples", "20000", "lr", "0.01", "bins", "4"));
    }

    @Test
    void splineCouplingsAreForConvflowOnly() {
        B4jException e = assertThrows(B4jException.class, () -> record("nis", Map.of("L", "4", "m2", "1",
                "lambda", "0"), Map.of("model", "realnvp", "bins", "8"), 1));
        assertEquals(B4jException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("sampler.bins (spline couplings) needs sampler.model=convflow"),
                e.getMessage());
    }

    @Test
    void oneSplineBinIsBadInput() {
        B4jException e = assertThrows(B4jException.class, () -> record("nis", Map.of("L", "4", "m2", "1",
                "lambda", "0"), Map.of("model", "convflow", "bins", "1"), 1));
        assertEquals(B4jException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("sampler.bins must be 0 (affine couplings) or 2..64, got 1"), e.getMessage());
    }

    private static void checkFreeFieldLnZ(Map<String, String> params) {
        RunRecord record = record("nis", Map.of("L", "4", "m2", "1", "lambda", "0"), params, 800);
        RunRecord.LnZ lnZ = record.lnZ();
        double exact = FreeField.of(4, 1).lnZ();
        assertTrue(lnZ.stderr() > 0 && lnZ.stderr() < 0.02, "ln Z error bar too wide to test anything: " + lnZ);
        assertEquals(exact, lnZ.estimate(), 4 * lnZ.stderr(), "ln Z " + lnZ + " vs exact " + exact);
        assertEquals("convflow", record.details().get("model"));
    }

    @Test
    void z2FlowIsNotAveragedAndGetsTheFreeFieldMagnetization() {
        Map<String, String> system = Map.of("L", "4", "m2", "1", "lambda", "0");
        RunRecord record = record("nis", system, Map.of("z2", "true", "samples", "20000", "lr", "0.01"), 300);
        assertFalse((Boolean) record.details().get("symmetrized"), "a z2 flow is invariant by itself");
        RunReport report = RunAnalysis.analyze((BoltzmannSystem<double[]>) Systems.create("phi4-lattice", system),
                record);
        assertWithin(report.observables().get("two_point_zero_momentum"), FreeField.of(4, 1).twoPointZeroMomentum(),
                4, 0.05, "chi_2");
    }

    /**
     * In the broken phase the vacua base (Laplace Gaussians at ±φ₀) under the odd flow weighs both
     * vacua equally by construction, with no sign-flip average: the model's own draws split evenly
     * between them (mean M = 0 within the error of i.i.d. draws) and sit at the vacua. A flow this
     * small and briefly trained leaves heavy-tailed weights (Pareto k̂ above 1/2), and the analysis
     * must then refuse error bars to the reweighted estimates.
     */
    @Test
    void theVacuaBaseGivesBothVacuaToTheZ2Flow() {
        Map<String, String> system = Map.of("L", "4", "m2", "-4", "lambda", "3.5");
        RunRecord record = record("nis", system, Map.of("z2", "true", "base", "vacua", "samples", "20000",
                "lr", "0.01"), 300);
        assertFalse((Boolean) record.details().get("symmetrized"), "a z2 flow is invariant by itself");
        double[][] draws = record.traces()[record.observableNames().indexOf("magnetization")];
        Estimate m = McStatistics.estimate(draws);
        assertTrue(m.stderr() > 0 && m.stderr() < 0.01, "an error bar that can test 0: " + m);
        assertEquals(0, m.mean(), 4 * m.stderr(), "mean M of the model's draws " + m);
        RunReport report = RunAnalysis.analyze((BoltzmannSystem<double[]>) Systems.create("phi4-lattice", system),
                record);
        assertTrue(report.observables().get("abs_magnetization").mean() > 0.4, "the samples sit in the vacua");
        double k = ((Number) record.details().get("pareto_k")).doubleValue();
        assertEquals(k > 0.5, report.untrusted().containsKey("magnetization"),
                "k-hat " + k + ": " + report.untrusted());
    }

    @Test
    void theSpanningBaseNeedsTheZ2Flow() {
        B4jException e = assertThrows(B4jException.class, () -> record("nis", Map.of("L", "4", "m2", "-4",
                "lambda", "8"), Map.of("base", "spanning"), 1));
        assertEquals(B4jException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("sampler.base=spanning needs sampler.z2=true"), e.getMessage());
    }
}
