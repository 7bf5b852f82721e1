package org.boltzmann4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.analysis.freeenergy.ThermodynamicIntegration;

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
 * every t, ⟨φ²⟩ and ⟨φ⁴⟩, and the second-moment correlation length ξ₂ = 1/m, each within a few of its own
 * (jackknife or autocorrelation-aware) error bars, those bars narrow enough to test something.
 * Seven leapfrog steps: at a fixed trajectory length some free-field modes rotate by nearly 2π and
 * barely move (at 10 steps the action, at 13 the zero mode, with τ_int in the thousands).
 */
class Phi4LatticeHmcTest {

    static final double SIGMAS = 4;
    static final int L = 8;
    static final double M2 = 0.5;

    static RunReport hmc(Phi4Lattice lattice, long trajectories, long seed) {
        @SuppressWarnings("unchecked")
        Sampler<double[]> hmc = (Sampler<double[]>) Samplers.create("hmc", lattice, Map.of("chains", "32", "leapfrog", "7")).sampler();
        RunRecord record = hmc.run(lattice, new RunContext(Budget.steps(trajectories), seed, Progress.SILENT, null));
        RunReport report = RunAnalysis.analyze(lattice, record);
        assertTrue(report.untrusted().isEmpty(), report.untrusted().toString());
        return report;
    }

    @Test
    void hmcReproducesTheFreeFieldCorrelatorAndCorrelationLength() {
        RunReport report = hmc(new Phi4Lattice(L, M2, 0), 3000, 5);
        FreeField free = FreeField.of(L, M2);
        for (String power : List.of(Phi4Lattice.PHI2, Phi4Lattice.PHI4)) {
            Estimate e = report.observables().get(power);
            assertEquals(report.exact().get(power), e.mean(), SIGMAS * e.stderr(), power + " = " + e);
            assertTrue(e.stderr() < 0.01 * e.mean(), power + " too wide to test: " + e);
        }
        assertEquals(free.twoPoint(0, 0), report.exact().get(Phi4Lattice.PHI2), 0);
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

    /**
     * ln Z(m² = 2.5) − ln Z(m² = 0.5) of the free field at L = 4 by thermodynamic integration,
     * ∂ ln Z/∂m² = −n⟨φ²⟩ from HMC at 9 nodes, against the closed form within a few of its errors.
     */
    @Test
    void thermodynamicIntegrationOfHmcGetsTheFreeFieldLnZDifference() {
        int size = 4;
        double from = 0.5;
        double to = 2.5;
        List<ThermodynamicIntegration.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            double m2 = from + i * (to - from) / 8;
            Estimate phi2 = hmc(new Phi4Lattice(size, m2, 0), 1500, 11 + i).observables().get(Phi4Lattice.PHI2);
            nodes.add(new ThermodynamicIntegration.Node(-size * size * phi2.mean(), size * size * phi2.stderr()));
        }
        ThermodynamicIntegration.Result ti = ThermodynamicIntegration.simpson(from, to, nodes);
        double exact = FreeField.of(size, to).lnZ() - FreeField.of(size, from).lnZ();
        assertEquals(exact, ti.difference(), SIGMAS * ti.error(), "TI " + ti + ", exact " + exact);
        assertTrue(ti.error() < 0.01 * Math.abs(exact), "too wide to test: " + ti + ", exact " + exact);
    }

    /**
     * Chains started in the zero configuration of a 64 × 64 lattice (far below equilibrium) all
     * thermalize: no chain rejects 100 trajectories in a row, where at 65% acceptance the chance of
     * that is 0.35^100. Without warm-up's molecular-dynamics trajectories one chain of this seed
     * stayed at its first accepted state for all 240 production trajectories.
     */
    @Test
    void coldStartedChainsThermalizeOnALargeLattice() {
        Phi4Lattice lattice = new Phi4Lattice(64, 1, 0.55);
        @SuppressWarnings("unchecked")
        Sampler<double[]> hmc = (Sampler<double[]>) Samplers.create("hmc", lattice, Map.of("chains", "64")).sampler();
        RunRecord record = hmc.run(lattice, new RunContext(Budget.steps(300), 1, Progress.SILENT, null));
        double[][] phi2 = record.traces()[record.observableNames().indexOf(Phi4Lattice.PHI2)];
        int longest = 0;
        for (double[] chain : phi2) {
            int run = 0;
            for (int t = 1; t < chain.length; t++) {
                run = chain[t] == chain[t - 1] ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
        }
        assertTrue(longest < 100, "a chain repeated its state for " + longest + " records in a row");
    }
}
