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
        RunReport r = run(dw, Map.of("chains", "8", "windows", "25"), 25 * 6000, 11);
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
        assertTrue((double) r.diagnostics().get("min_neighbour_overlap") > 0.03);
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
}
