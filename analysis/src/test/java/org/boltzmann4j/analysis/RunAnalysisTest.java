package org.boltzmann4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.systems.Systems;
import org.junit.jupiter.api.Test;

/** Errors stay honest when chains do not cross the barrier; crossings and profiles are reported. */
class RunAnalysisTest {

    static final BoltzmannSystem<?> CHAIN = Systems.create("phi4-chain", Map.of("N", "16", "h", "0.05"));

    /** phi_mid, phi_mid_positive, mean_phi traces of chains that stay in the mode they start in. */
    static RunRecord stuck(int chains, boolean allPositive) {
        SplittableRandom rng = new SplittableRandom(1);
        int t = 2000;
        double[][][] traces = new double[3][chains][t];
        for (int c = 0; c < chains; c++) {
            double sign = allPositive || c % 2 == 0 ? 1 : -1;
            for (int i = 0; i < t; i++) {
                double phi = sign * (0.9 + 0.1 * rng.nextGaussian());
                traces[0][c][i] = phi;
                traces[1][c][i] = phi > 0 ? 1 : 0;
                traces[2][c][i] = 0.8 * phi;
            }
        }
        return new RunRecord(List.of("phi_mid", "phi_mid_positive", "mean_phi"), traces, 1, null,
                Map.of("local", 0.5), Map.of(), 1, null, t, Map.of(), List.of());
    }

    @Test
    void chainsThatAllSitInOneStateReportIgnoranceNotZeroError() {
        RunReport r = RunAnalysis.analyze(CHAIN, stuck(64, true));
        Estimate p = r.observables().get("phi_mid_positive");
        assertEquals(1.0, p.mean());
        assertTrue(p.stderr() >= 0.5, "no crossing: the weight is unknown, error " + p.stderr());
        assertTrue(r.observables().get("phi_mid").stderr() > 0.5);
        assertEquals(0, r.transitions().count());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("only 0 barrier crossings")), r.warnings().toString());
        for (int i = 0; i < r.profile().sampled().size(); i++) {
            if (Double.isFinite(r.profile().sampled().freeEnergy()[i])) {
                assertTrue(r.profile().sampled().stderr()[i] >= 1, "profile error without crossings");
            }
        }
    }

    @Test
    void chainsStuckInBothStatesCoverTheTruth() {
        RunReport r = RunAnalysis.analyze(CHAIN, stuck(64, false));
        Estimate p = r.observables().get("phi_mid_positive");
        double exact = r.exact().get("phi_mid_positive");
        assertEquals(0.5, p.mean(), 1e-12);
        assertTrue(Math.abs(p.mean() - exact) < 2 * p.stderr(), p + " vs " + exact);
    }

    @Test
    void theProfileAndExactValuesComeWithTheReport() {
        RunReport r = RunAnalysis.analyze(CHAIN, stuck(16, false));
        assertEquals("phi_mid", r.profile().orderParameter());
        assertTrue(r.profile().exactF() != null && r.exactLnZ() != null);
        assertEquals(0.17658, r.exact().get("phi_mid_positive"), 1e-5);
    }
}
