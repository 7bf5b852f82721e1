package org.boltzmann4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.boltzmann4j.analysis.stats.Estimate;
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
 * HMC on the free field at L = 8 against the closed forms: the zero-momentum correlator C(t) for
 * every t and the second-moment correlation length ξ₂ = 1/m, each within a few of its own
 * (jackknife or autocorrelation-aware) error bars, those bars narrow enough to test something.
 * Seven leapfrog steps: at a fixed trajectory length some free-field modes rotate by nearly 2π and
 * barely move (at 10 steps the action, at 13 the zero mode, with τ_int in the thousands).
 */
class Phi4LatticeHmcTest {

    static final double SIGMAS = 4;
    static final int L = 8;
    static final double M2 = 0.5;

    @Test
    void hmcReproducesTheFreeFieldCorrelatorAndCorrelationLength() {
        Phi4Lattice lattice = new Phi4Lattice(L, M2, 0);
        @SuppressWarnings("unchecked")
        Sampler<double[]> hmc = (Sampler<double[]>) Samplers.create("hmc", lattice, Map.of("chains", "32", "leapfrog", "7")).sampler();
        RunRecord record = hmc.run(lattice, new RunContext(Budget.steps(3000), 5, Progress.SILENT, null));
        RunReport report = RunAnalysis.analyze(lattice, record);
        assertTrue(report.untrusted().isEmpty(), report.untrusted().toString());
        FreeField free = FreeField.of(L, M2);
        for (int t = 0; t <= L / 2; t++) {
            Estimate c = report.observables().get(Phi4Lattice.CORRELATOR + t);
            assertEquals(free.sliceCorrelator(t), c.mean(), SIGMAS * c.stderr(), "C(" + t + ") = " + c);
            assertTrue(c.stderr() < 0.05 * free.sliceCorrelator(t), "C(" + t + ") too wide to test: " + c);
        }
        Estimate xi = report.observables().get(Phi4Lattice.CORRELATION_LENGTH);
        assertEquals(free.secondMomentCorrelationLength(), xi.mean(), SIGMAS * xi.stderr(), "xi_2 = " + xi);
        assertTrue(xi.stderr() < 0.03 * xi.mean(), "xi_2 too wide to test: " + xi);
        assertEquals(free.secondMomentCorrelationLength(), report.exact().get(Phi4Lattice.CORRELATION_LENGTH), 0);
    }
}
