package org.boltzmann4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.sampler.Sampler;
import org.boltzmann4j.sampler.SamplerFactory;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.SpinLattice;
import org.boltzmann4j.systems.Ising2d;
import org.boltzmann4j.systems.Systems;
import org.boltzmann4j.systems.exact.FreeField;
import org.boltzmann4j.systems.exact.IsingEnumeration;
import org.junit.jupiter.api.Test;

/**
 * The {@code ti} sampler end to end (registry systems, {@link RunAnalysis}): ln Z along β from the
 * β = 0 count of states, along m² between two exact free fields, and along a two-leg path whose
 * intermediate point must not matter.
 */
class ThermodynamicIntegrationRunTest {

    private static RunReport run(BoltzmannSystem<?> system, Map<String, String> sets, long steps) {
        return run(system, Samplers.create("ti", system, sets).sampler(), steps);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RunReport run(BoltzmannSystem<?> system, Sampler s, long steps) {
        RunRecord record = s.run(system, new RunContext(Budget.steps(steps), 7, Progress.SILENT, null));
        return RunAnalysis.analyze(system, record);
    }

    @Test
    void isingLnZFromTheCountOfStatesAtBetaZero() {
        String betaC = String.valueOf(SpinLattice.SQUARE_BETA_CRITICAL);
        BoltzmannSystem<?> ising = Systems.create("ising2d", Map.of("L", "4", "beta", betaC));
        double exact = IsingEnumeration.solve(4, SpinLattice.SQUARE_BETA_CRITICAL, 1, 0).lnZ();
        RunReport r = run(ising, Map.of("chains", "32"), 17 * 1500);
        assertNull(r.untrusted().get(RunAnalysis.LN_Z), String.valueOf(r.untrusted()));
        double z = (r.lnZ().estimate() - exact) / r.lnZ().stderr();
        assertTrue(Math.abs(z) < 4, r.lnZ() + " against " + exact);
        assertTrue(r.lnZ().stderr() < 0.01 * (exact - 16 * Math.log(2)), "an error that can fail: " + r.lnZ());
        assertEquals(RunAnalysis.TI, r.diagnostics().get(RunAnalysis.LN_Z_ESTIMATOR));
    }

    /** Past the registry's gate (a free field is exact, so ti declines it): both ends of the path exact. */
    @Test
    void freeFieldLnZBetweenTwoMasses() {
        BoltzmannSystem<?> field = Systems.create("phi4-lattice", Map.of("L", "4", "m2", "0.5", "lambda", "0"));
        SamplerFactory ti = Samplers.factory("ti");
        assertTrue(ti.unsupportedReason(field).contains("declares none"), ti.unsupportedReason(field));
        double exact = FreeField.of(4, 0.5).lnZ();
        double start = FreeField.of(4, 2).lnZ();
        Sampler<?> s = ti.create(field, Parameters.resolve("ti", ti.parameters(), Map.of("path", "m2:2", "chains", "32",
                "nodes", "9")));
        RunReport r = run(field, s, 9 * 1000);
        double z = (r.lnZ().estimate() - exact) / r.lnZ().stderr();
        assertTrue(Math.abs(z) < 4, r.lnZ() + " against " + exact);
        assertTrue(r.lnZ().stderr() < 0.02 * Math.abs(exact - start), "an error that lets the test fail: " + r.lnZ());
    }

    @Test
    void twoLegsAgreeWhateverTheirIntermediatePoint() {
        BoltzmannSystem<?> field = Systems.create("phi4-lattice", Map.of("L", "4", "m2", "-1", "lambda", "1"));
        RunReport viaOne = run(field, Map.of("chains", "32", "nodes", "9"), 18 * 1000); // auto: lambda:0,m2:1
        RunReport viaThree = run(field, Map.of("path", "lambda:0,m2:3", "chains", "32", "nodes", "9"), 18 * 1000);
        double difference = viaOne.lnZ().estimate() - viaThree.lnZ().estimate();
        double error = Math.hypot(viaOne.lnZ().stderr(), viaThree.lnZ().stderr());
        assertTrue(Math.abs(difference) < 4 * error, viaOne.lnZ() + " and " + viaThree.lnZ());
        assertTrue(error < 0.05, "errors small enough to tell a wrong leg: " + error);
    }

    @Test
    void badPathsAreBadInput() {
        BoltzmannSystem<?> field = Systems.create("phi4-lattice", Map.of("L", "4", "m2", "-1", "lambda", "1"));
        for (String path : new String[] {"mu:0", "lambda", "lambda:x", "lambda:0,lambda:2", "lambda:1", "L:2",
                "lambda:0"}) {
            B4jException e = assertThrows(B4jException.class, () -> Samplers.create("ti", field, Map.of("path", path)),
                    path);
            assertTrue(e.getMessage().contains(path.startsWith("L") ? "not a real" : path.equals("lambda:0")
                    ? "no minimum" : "sampler.path"), e.getMessage());
        }
        assertThrows(B4jException.class, () -> Samplers.create("ti", field, Map.of("path", "lambda:0,m2:1",
                "nodes", "8")));
        BoltzmannSystem<?> direct = new Ising2d(4, 0.4, 1, 0);
        B4jException e = assertThrows(B4jException.class, () -> Samplers.create("ti", direct, Map.of()));
        assertTrue(e.getMessage().contains("not from the registry"), e.getMessage());
    }
}
