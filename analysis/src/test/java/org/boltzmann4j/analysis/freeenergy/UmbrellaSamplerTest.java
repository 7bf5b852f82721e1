package org.boltzmann4j.analysis.freeenergy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.boltzmann4j.analysis.RunAnalysis;
import org.boltzmann4j.analysis.RunReport;
import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.sampler.Sampler;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.sampler.UmbrellaRun;
import org.boltzmann4j.sampler.UmbrellaSampling;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.systems.Systems;
import org.junit.jupiter.api.Test;

/** The {@code umbrella} sampler from the registry, analysed as a run: MBAR against the exact double well. */
class UmbrellaSamplerTest {

    @SuppressWarnings("unchecked")
    private static RunReport run(BoltzmannSystem<?> system, Map<String, String> sampler, long steps, long seed) {
        Sampler<double[]> s = (Sampler<double[]>) Samplers.create("umbrella", system, sampler).sampler();
        RunRecord record = s.run((BoltzmannSystem<double[]>) system, new RunContext(Budget.steps(steps), seed, Progress.SILENT, null));
        return RunAnalysis.analyze(system, record);
    }

    @Test
    void doubleWellProfileFreeEnergyDifferenceAndObservablesMatchTheExactOnes() {
        BoltzmannSystem<?> dw = Systems.create("double-well", Map.of());
        RunReport r = run(dw, Map.of("chains", "8", "windows", "25"), 25 * 3000, 11); // each pass: 3000 sweeps a window
        RunReport.FreeEnergyDifference d = r.freeEnergyDifference();
        System.out.printf("umbrella dw: Delta F %.4f +- %.4f exact %.4f, MBAR %s iterations, min overlap %.3f%n",
                d.estimate(), d.stderr(), d.exact(), r.diagnostics().get("mbar_iterations"),
                r.diagnostics().get("min_neighbour_overlap"));
        assertEquals(d.exact(), d.estimate(), 3 * d.stderr());
        assertTrue(d.stderr() < 0.15, "stderr " + d.stderr());
        for (String name : List.of("x0", "x0_positive")) {
            Estimate e = r.observables().get(name);
            double exact = r.exact().get(name);
            assertEquals(exact, e.mean(), 3 * e.stderr(), name);
            assertTrue(e.stderr() < 0.05, name + " stderr " + e.stderr());
        }
        // the exact profile on the report's bins, from the system's own energy along x0 (d = 2, barrier 8, tilt 0.5)
        double[] x = r.profile().sampled().x();
        double width = x[1] - x[0];
        double[] exact = ProfileCheck.exactBins(v -> 8 * (v * v - 1) * (v * v - 1) + 0.5 * v, x[0] - width / 2,
                x[x.length - 1] + width / 2, x.length);
        ProfileCheck.assertMatches("umbrella sampler dw", r.profile().sampled(), exact, 4, 2, 40);
        assertTrue((double) r.diagnostics().get("min_neighbour_overlap") > 0.01, "neighbouring windows overlap");
        assertEquals(null, r.transitions());
        assertEquals(null, r.lnZ());
    }

    @Test
    void systemsWithoutADifferentiableOrderParameterAreRefusedWithTheReason() {
        B4jException spins = assertThrows(B4jException.class,
                () -> Samplers.create("umbrella", Systems.create("ising2d", Map.of("L", "4")), Map.of()));
        assertTrue(spins.getMessage().contains("ising2d is not a continuous system"), spins.getMessage());
        ContinuousSystem flat = new ContinuousSystem("flat", Parameters.of(Map.of())) {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public double energy(double[] x) {
                return 0.5 * x[0] * x[0];
            }
        };
        B4jException none = assertThrows(B4jException.class, () -> Samplers.create("umbrella", flat, Map.of()));
        assertTrue(none.getMessage().contains("flat declares none"), none.getMessage());
    }

    /**
     * Windows that equilibrate to different unbiased densities in the two passes, N(-0.3, 1) upward
     * and N(0.3, 1) downward, as a slow mode the bias misses would make them: each pass alone is
     * self-consistent with a small error, so only their disagreement can show what is not known.
     */
    @Test
    void passesThatDisagreeRaiseTheErrorsAndWarn() {
        BoltzmannSystem<?> dw = Systems.create("double-well", Map.of("d", "1"));
        double[] centres = UmbrellaSampling.centres(-1.8, 1.8, 13);
        double kappa = UmbrellaSampling.kappaForSpacing(centres[1] - centres[0]);
        int chains = 4;
        int length = 2000;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        int windows = 2 * centres.length;
        double[][][] traces = new double[2][windows * chains][length];
        double[][][] xi = new double[windows][][];
        int[] pass = new int[windows];
        double[] at = new double[windows];
        for (int k = 0; k < windows; k++) {
            pass[k] = k % 2;
            at[k] = centres[k / 2];
            double mu = pass[k] == UmbrellaRun.UPWARD ? -0.3 : 0.3;
            double mean = (mu + kappa * at[k]) / (1 + kappa);
            double sd = 1 / Math.sqrt(1 + kappa);
            xi[k] = new double[chains][];
            for (int c = 0; c < chains; c++) {
                for (int t = 0; t < length; t++) {
                    double x = mean + sd * rng.nextGaussian();
                    traces[0][k * chains + c][t] = x;
                    traces[1][k * chains + c][t] = x > 0 ? 1 : 0;
                }
                xi[k][c] = traces[0][k * chains + c];
            }
        }
        UmbrellaRun run = new UmbrellaRun("x0", at, kappa, xi, new double[windows], 0, pass);
        RunRecord record = new RunRecord(List.of("x0", "x0_positive"), traces, 1, null, Map.of(), Map.of(), 0, null,
                length, Map.of(), List.of(), run);
        RunReport r = RunAnalysis.analyze(dw, record);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Double>> byPass = (Map<String, Map<String, Double>>) r.diagnostics().get(
                "free_energy_difference_by_pass");
        double up = byPass.get("upward").get("estimate");
        double down = byPass.get("downward").get("estimate");
        assertTrue(Math.abs(down - up) > 0.5, "passes " + up + ", " + down);
        assertTrue(byPass.get("upward").get("stderr") < 0.1, "each pass alone claims a small error");
        assertTrue(r.freeEnergyDifference().stderr() >= Math.abs(down - up) / 2 - 1e-12, "error covers both passes");
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("passes disagree")), r.warnings().toString());
        assertTrue(r.observables().get("x0").stderr() >= 0.15, "x0 error " + r.observables().get("x0").stderr());
    }
}
