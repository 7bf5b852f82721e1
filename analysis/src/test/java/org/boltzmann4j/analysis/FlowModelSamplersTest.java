package org.boltzmann4j.analysis;

import static org.boltzmann4j.analysis.FlowMcmcExactnessTest.assertWithin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.systems.exact.DoubleWellExact;
import org.boltzmann4j.systems.exact.Phi4ChainExact;
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
import org.junit.jupiter.api.Test;

/**
 * nis and nmcmc with a reverse-KL trained RealNVP flow on continuous systems with exact answers:
 * ln Z (Lebesgue measure) and mode weights within a few stderr; a model that does not fit the
 * system's configuration type is bad input.
 */
class FlowModelSamplersTest {

    private static final Map<String, String> SMALL_FLOW = Map.of("hidden", "32", "couplings", "4", "batch", "128");

    @SuppressWarnings("unchecked")
    private static RunRecord record(String sampler, BoltzmannSystem<double[]> system, Map<String, String> params,
                                    long cycles) {
        Map<String, String> sp = new HashMap<>(SMALL_FLOW);
        sp.putAll(params);
        Sampler<double[]> s = (Sampler<double[]>) Samplers.create(sampler, system, sp).sampler();
        return s.run(system, new RunContext(Budget.steps(cycles), 11, Progress.SILENT, null));
    }

    @SuppressWarnings("unchecked")
    private static BoltzmannSystem<double[]> system(String name, Map<String, String> params) {
        return (BoltzmannSystem<double[]>) Systems.create(name, params);
    }

    @Test
    void importanceSamplingGetsLnZAndModeWeightOfPhi4Chain() {
        BoltzmannSystem<double[]> chain = system("phi4-chain", Map.of("N", "8", "h", "0.1"));
        RunRecord record = record("nis", chain, Map.of("samples", "20000"), 700);
        Phi4ChainExact exact = Phi4ChainExact.of(8, 20, 0.1, 0.1);
        RunRecord.LnZ lnZ = record.lnZ();
        assertTrue(lnZ.stderr() > 0 && lnZ.stderr() < 0.02, "ln Z error bar too wide to test anything: " + lnZ);
        assertEquals(exact.lnZ(), lnZ.estimate(), 4 * lnZ.stderr(), "ln Z " + lnZ + " vs exact " + exact.lnZ());
        assertEquals(20_000L, ((Number) record.details().get("samples")).longValue());
        assertEquals("realnvp", record.details().get("model"));
        double essFraction = ((Number) record.details().get("ess_fraction")).doubleValue();
        assertTrue(essFraction > 0.2, "a trained flow on 8 sites should give a useful ESS: " + essFraction);
        RunReport report = RunAnalysis.analyze(chain, record);
        assertWithin(report.observables().get("phi_mid_positive"), exact.probabilityMidPositive(), 4, 0.02,
                "P(phi_mid > 0)");
    }

    @Test
    void aReverseKlFlowThatMissesAStateIsReportedNotHidden() {
        BoltzmannSystem<double[]> chain = system("phi4-chain", Map.of("N", "8", "h", "0.1"));
        RunRecord record = record("nis", chain, Map.of("samples", "20000", "symmetrize", "false"), 400);
        // mode-seeking: the plain flow stays in the first declared state, so ln Z misses the other one
        // by far more than its error bar, and only the analysis can tell
        double missed = Phi4ChainExact.of(8, 20, 0.1, 0.1).lnZ() - record.lnZ().estimate();
        assertTrue(missed > 10 * record.lnZ().stderr(), "ln Z " + record.lnZ());
        RunReport report = RunAnalysis.analyze(chain, record);
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("the model missed that state")),
                report.warnings().toString());
    }

    @Test
    void importanceSamplingGetsLnZOfTheTiltedDoubleWell() {
        BoltzmannSystem<double[]> well = system("double-well", Map.of("d", "2"));
        RunRecord record = record("nis", well, Map.of("samples", "20000"), 400);
        DoubleWellExact exact = DoubleWellExact.of(2, 1, 8, 0.5);
        RunRecord.LnZ lnZ = record.lnZ();
        assertTrue(lnZ.stderr() > 0 && lnZ.stderr() < 0.05, "ln Z error bar too wide to test anything: " + lnZ);
        assertEquals(exact.lnZ(), lnZ.estimate(), 4 * lnZ.stderr(), "ln Z " + lnZ + " vs exact " + exact.lnZ());
    }

    @Test
    void neuralMcmcWithFlowProposalsGetsTheModeWeight() {
        BoltzmannSystem<double[]> chain = system("phi4-chain", Map.of("N", "8", "h", "0.1"));
        RunRecord record = record("nmcmc", chain, Map.of("chains", "32"), 600);
        assertTrue(record.acceptance().get("global") > 0.2, "global acceptance " + record.acceptance());
        RunReport report = RunAnalysis.analyze(chain, record);
        double exact = Phi4ChainExact.of(8, 20, 0.1, 0.1).probabilityMidPositive();
        assertWithin(report.observables().get("phi_mid_positive"), exact, 4, 0.02, "P(phi_mid > 0)");
        // the production proposals, kept with their weights, are importance samples of the same answer
        RunRecord.WeightedSamples proposals = record.proposals();
        assertEquals(List.of("phi_mid"), proposals.observableNames());
        double[] positive = Arrays.stream(proposals.values()[0]).map(x -> x > 0 ? 1 : 0).toArray();
        assertEquals(positive.length, proposals.logWeights().length);
        assertWithin(McStatistics.weighted(positive, proposals.logWeights()), exact, 4, 0.02,
                "P(phi_mid > 0) from the reweighted proposals");
    }

    @Test
    void neuralMcmcTrainedOnItsChainsGetsModeWeightAndLnZ() {
        BoltzmannSystem<double[]> chain = system("phi4-chain", Map.of("N", "8", "h", "0.1"));
        RunRecord record = record("nmcmc", chain, Map.of("chains", "32", "objective", "ml", "local_sweeps", "5"), 600);
        assertEquals("ml", record.details().get("objective"));
        Phi4ChainExact exact = Phi4ChainExact.of(8, 20, 0.1, 0.1);
        RunReport report = RunAnalysis.analyze(chain, record);
        assertWithin(report.observables().get("phi_mid_positive"), exact.probabilityMidPositive(), 4, 0.02,
                "P(phi_mid > 0)");
        RunRecord.LnZ lnZ = record.lnZ();
        assertTrue(lnZ.stderr() > 0 && lnZ.stderr() < 0.05, "ln Z error bar too wide to test anything: " + lnZ);
        assertEquals(exact.lnZ(), lnZ.estimate(), 4 * lnZ.stderr(), "ln Z " + lnZ + " vs exact " + exact.lnZ());
        // with local sweeps the report's ln Z is the bridge between the proposals and the chains
        assertEquals(RunAnalysis.BAR, report.diagnostics().get(RunAnalysis.LN_Z_ESTIMATOR));
        RunRecord.LnZ bar = report.lnZ();
        assertTrue(bar.stderr() > 0 && bar.stderr() < 0.05, "BAR error bar too wide to test anything: " + bar);
        assertEquals(exact.lnZ(), bar.estimate(), 4 * bar.stderr(), "BAR ln Z " + bar + " vs exact " + exact.lnZ());
    }

    @Test
    void aModelThatDoesNotFitTheConfigurationsIsBadInput() {
        BoltzmannSystem<?> ising = Systems.create("ising2d", Map.of("L", "4"));
        B4jException e = assertThrows(B4jException.class,
                () -> Samplers.create("nis", ising, Map.of("model", "realnvp")));
        assertEquals(B4jException.Kind.BAD_INPUT, e.kind());
        for (String word : new String[] {"nis", "realnvp", "ising2d", "made", "pixelcnn"}) {
            assertTrue(e.getMessage().contains(word), e.getMessage() + " should name " + word);
        }
        BoltzmannSystem<?> chain = Systems.create("phi4-chain", Map.of("N", "8"));
        B4jException f = assertThrows(B4jException.class,
                () -> Samplers.create("nmcmc", chain, Map.of("model", "made")));
        assertEquals(B4jException.Kind.BAD_INPUT, f.kind());
        assertTrue(f.getMessage().contains("nmcmc") && f.getMessage().contains("phi4-chain")
                && f.getMessage().contains("model=realnvp"), f.getMessage());
    }
}
