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
    void noLnZIsReportedForASystemWhoseZIsInfinite() {
        BoltzmannSystem<?> cluster = Systems.create("lj", Map.of("n", "3", "dim", "2"));
        int t = 200;
        double[][][] traces = new double[1][4][t];
        for (double[] chain : traces[0]) {
            java.util.Arrays.fill(chain, -2.5);
        }
        RunRecord record = new RunRecord(List.of("energy"), traces, 1, null, Map.of(), Map.of(), 1,
                new RunRecord.LnZ(18.99, 0.01), t, Map.of(), List.of());
        RunReport r = RunAnalysis.analyze(cluster, record);
        assertEquals(null, r.lnZ());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("ln Z of lj is infinite")), r.warnings().toString());
        RunReport eacf = RunAnalysis.analyze(cluster, new RunRecord(List.of("energy"), traces, 1, null, Map.of(),
                Map.of(), 1, new RunRecord.LnZ(18.99, 0.01), t, Map.of("model", "eacf"), List.of()));
        assertEquals(null, eacf.lnZ());
        assertTrue(eacf.warnings().stream().anyMatch(w -> w.contains("centre-of-mass-free subspace") && w.contains("18.99")),
                eacf.warnings().toString());
        assertTrue(RunAnalysis.analyze(CHAIN, new RunRecord(List.of("phi_mid"), new double[1][4][t], 1, null, Map.of(),
                Map.of(), 1, new RunRecord.LnZ(-33.5, 0.01), t, Map.of(), List.of())).lnZ() != null);
    }

    /** Weights with a heavy tail (Pareto k-hat above 0.5) leave ln Z without an error bar, whatever the Kish ESS. */
    @Test
    void heavyTailedWeightsMakeLnZUntrusted() {
        int t = 200;
        for (double k : new double[] {0.3, 0.45, 0.6, 0.9}) {
            RunRecord record = new RunRecord(List.of("phi_mid"), new double[1][4][t], 1, null, Map.of(), Map.of(), 1,
                    new RunRecord.LnZ(-33.5, 0.01), t, Map.of("kish_ess", 5000.0, "pareto_k", k), List.of());
            RunReport r = RunAnalysis.analyze(CHAIN, record);
            assertEquals(k > 0.5, Double.isNaN(r.lnZ().stderr()), "k-hat " + k);
            assertEquals(k > 0.5, r.untrusted().containsKey("ln_z"), r.untrusted().toString());
        }
    }

    /** The same tail leaves every importance-weighted mean untrusted too: its variance is infinite alike. */
    @Test
    void heavyTailedWeightsMakeWeightedMeansUntrusted() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 4000;
        double[][][] traces = new double[1][1][n];
        double[] logWeights = new double[n];
        for (int i = 0; i < n; i++) {
            traces[0][0][i] = rng.nextGaussian();
            logWeights[i] = 0.1 * rng.nextGaussian(); // a Kish ESS near n
        }
        for (double k : new double[] {0.3, 0.6}) {
            RunRecord record = new RunRecord(List.of("phi_mid"), traces, 1, logWeights, Map.of(), Map.of(), 1,
                    new RunRecord.LnZ(-33.5, 0.01), n, Map.of("kish_ess", 3960.0, "pareto_k", k), List.of());
            RunReport r = RunAnalysis.analyze(CHAIN, record);
            assertEquals(k > 0.5, r.untrusted().containsKey("phi_mid"), r.untrusted().toString());
            if (k > 0.5) {
                assertTrue(r.untrusted().get("phi_mid").contains("Pareto k-hat 0.60"), r.untrusted().toString());
            }
        }
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

    /**
     * LJ13 at β = 1 is liquid (mean coordination near 3.6, far from its solid minima at 7.0-7.9):
     * no crossing between the declared states is expected, and energy errors stay statistical; the
     * same chains sitting at the icosahedron's coordination get the few-crossings floor.
     */
    @Test
    void theFewCrossingsRuleIsOffWhereTheDeclaredStatesAreNotVisited() {
        BoltzmannSystem<?> lj13 = Systems.create("lj", Map.of("preset", "lj13"));
        SplittableRandom rng = new SplittableRandom(3);
        int t = 400;
        for (double coordination : new double[] {3.6, 7.88}) {
            double[][][] traces = new double[2][8][t];
            for (int c = 0; c < 8; c++) {
                for (int i = 0; i < t; i++) {
                    traces[0][c][i] = 0.55 + 3 * rng.nextGaussian();
                    traces[1][c][i] = coordination + (coordination < 5 ? 0.3 : 0.05) * rng.nextGaussian();
                }
            }
            RunRecord record = new RunRecord(List.of("energy", "mean_coordination"), traces, 1, null, Map.of(),
                    Map.of(), 1, null, t, Map.of(), List.of());
            RunReport r = RunAnalysis.analyze(lj13, record);
            double stderr = r.observables().get("energy").stderr();
            boolean liquid = coordination < 5;
            assertEquals(liquid, stderr < 0.3, coordination + ": energy error " + stderr);
            assertEquals(liquid, r.warnings().stream().anyMatch(w -> w.contains("not metastable at these parameters")),
                    r.warnings().toString());
            assertEquals(!liquid, r.warnings().stream().anyMatch(w -> w.contains("barrier crossings")),
                    r.warnings().toString());
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

    /**
     * A two-state Markov chain that leaves A with probability a and B with probability b per step,
     * recorded as phi_mid = -1 / +1 every {@code stride} steps with {@code perStep} records per step
     * (flow-mcmc records several per cycle). Watched every s steps it is again a two-state chain,
     * switching A to B with probability a/(a+b) (1 - (1-a-b)^s), so the MFPT A to B in steps is
     * s over that: 1/a for s = 1.
     */
    static RunRecord twoState(double a, double b, long steps, int stride, int perStep, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int chains = 8;
        int records = (int) (steps * perStep / stride);
        double[][][] traces = new double[3][chains][records];
        for (int c = 0; c < chains; c++) {
            boolean inB = c % 2 == 0;
            long offered = 0;
            for (long t = 0; t < steps; t++) {
                if (rng.nextDouble() < (inB ? b : a)) {
                    inB = !inB;
                }
                for (int k = 0; k < perStep; k++, offered++) {
                    if (offered % stride == 0 && offered / stride < records) {
                        int r = (int) (offered / stride);
                        traces[0][c][r] = inB ? 1 : -1;
                        traces[1][c][r] = inB ? 1 : 0;
                        traces[2][c][r] = inB ? 0.8 : -0.8;
                    }
                }
            }
        }
        return new RunRecord(List.of("phi_mid", "phi_mid_positive", "mean_phi"), traces, stride, null,
                Map.of("local", 0.5), Map.of(), 1, null, steps, Map.of(), List.of());
    }

    @Test
    void meanFirstPassageTimesOfATwoStateChainAreOneOverTheSwitchingProbability() {
        double a = 0.002;
        double b = 0.01;
        RunReport.Transitions t = RunAnalysis.analyze(CHAIN, twoState(a, b, 100_000, 1, 1, 5)).transitions();
        assertEquals(1 / a, t.mfpt().aToB().mfpt(), 3 * t.mfpt().aToB().stderr());
        assertEquals(1 / b, t.mfpt().bToA().mfpt(), 3 * t.mfpt().bToA().stderr());
        assertTrue(t.mfpt().aToB().stderr() < 0.1 / a, "stderr " + t.mfpt().aToB().stderr());
        assertEquals(1, t.stepsPerRecord());
        // several records per step, thinned by 4: still in steps, exact for the chain watched every 2 steps
        RunReport.Transitions thinned = RunAnalysis.analyze(CHAIN, twoState(a, b, 100_000, 4, 2, 6)).transitions();
        double s = 2;
        double lambda = Math.pow(1 - a - b, s);
        assertEquals(s / (a / (a + b) * (1 - lambda)), thinned.mfpt().aToB().mfpt(), 3 * thinned.mfpt().aToB().stderr());
        assertEquals(s / (b / (a + b) * (1 - lambda)), thinned.mfpt().bToA().mfpt(), 3 * thinned.mfpt().bToA().stderr());
        assertEquals(2, thinned.stepsPerRecord());
    }

    @Test
    void noMfptWithoutEnoughTransitions() {
        RunReport.Transitions t = RunAnalysis.analyze(CHAIN, twoState(1e-4, 1e-4, 2000, 1, 1, 7)).transitions();
        assertTrue(t.count() < 2 * RunAnalysis.MIN_TRANSITIONS_FOR_MFPT, "count " + t.count());
        assertEquals(null, t.mfpt());
        assertEquals(null, RunAnalysis.analyze(CHAIN, stuck(8, false)).transitions().mfpt());
    }
}
