package org.boltzmann4j.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.ParticleMetropolis;
import org.boltzmann4j.kernel.SymmetryMoves;
import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.LocalSamplerFactory;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.sampler.Sampler;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.systems.exact.DimerExact;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactness of the local kernels on small particle systems, within 4 standard errors of 32
 * independent chains: 2- and 3-particle Lennard-Jones clusters against quadrature in the relative
 * coordinates, and the dimer without solvent against {@link DimerExact}.
 */
class ParticleKernelsTest {

    private static final double SIGMAS = 4;

    static RunRecord run(BoltzmannSystem<?> s, String sampler, long sweeps, Map<String, String> extra) {
        Map<String, String> set = new java.util.HashMap<>(Map.of("chains", "32"));
        set.putAll(extra);
        @SuppressWarnings("unchecked")
        Sampler<Object> sm = (Sampler<Object>) Samplers.create(sampler, s, set).sampler();
        @SuppressWarnings("unchecked")
        BoltzmannSystem<Object> sys = (BoltzmannSystem<Object>) s;
        return sm.run(sys, new RunContext(Budget.steps(sweeps), 17, Progress.SILENT, null));
    }

    /** Mean over chains of each chain's time average of observable o, with the between-chain standard error. */
    static double[] meanAndError(RunRecord r, String observable) {
        double[][] chains = r.traces()[r.observableNames().indexOf(observable)];
        int n = chains.length;
        double m = 0;
        double m2 = 0;
        for (double[] chain : chains) {
            double s = 0;
            for (double v : chain) {
                s += v;
            }
            s /= chain.length;
            m += s;
            m2 += s * s;
        }
        m /= n;
        return new double[] {m, Math.sqrt((m2 / n - m * m) * n / (n - 1) / n)};
    }

    static void check(String what, double exact, double[] estimate, double widest) {
        assertEquals(exact, estimate[0], SIGMAS * estimate[1], what + " = " + estimate[0] + " ± " + estimate[1]
                + " vs exact " + exact);
        assertTrue(estimate[1] > 0 && estimate[1] < widest, what + ": error bar too wide to test anything " + estimate[1]);
    }

    /** ε((1/r)^12 - 2(1/r)^6) with ε = r_m = 1. */
    static double lj(double r) {
        double s2 = 1 / (r * r);
        double s6 = s2 * s2 * s2;
        return s6 * s6 - 2 * s6;
    }

    /**
     * Two particles: Σ_i |x_i − x_com|² = r²/2, so E = U/β = u(r) + k r²/4 depends on the separation
     * r alone; the centre of mass is free (the trap acts on x − x_com) and adds nothing to E. The
     * relative vector in R^dim has density ∝ r^{dim−1} exp(−β E(r)).
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void twoParticleEnergyAgreesWithRadialQuadrature(int dim) {
        double beta = 1.5;
        BoltzmannSystem<?> s = Systems.create("lj", Map.of("n", "2", "dim", "" + dim, "beta", "" + beta));
        RunRecord r = run(s, "metropolis", 6000, Map.of());
        check("<E> 2 particles dim " + dim, twoParticleEnergy(dim, beta), meanAndError(r, "energy"), 0.05);
    }

    /** ⟨E⟩ of two particles (k = 1) by the midpoint rule in r. */
    static double twoParticleEnergy(int dim, double beta) {
        double k = 1;
        double num = 0;
        double den = 0;
        double h = 1e-4;
        for (double r = 0.5 + h / 2; r < 12; r += h) {
            double e = lj(r) + k * r * r / 4;
            double w = Math.pow(r, dim - 1) * Math.exp(-beta * e);
            num += w * e;
            den += w;
        }
        return num / den;
    }

    /**
     * Three particles in 2D: relative vectors q₂ = x₂ − x₁ = r(cos α, sin α), q₃ = x₃ − x₁ = s(cos(α+θ),
     * sin(α+θ)); E depends on (r, s, θ) only, α integrates to 2π, so the weight is r s exp(−β E) dr ds dθ,
     * with Σ_i |x_i − x_com|² = (r₁₂² + r₁₃² + r₂₃²)/3.
     */
    static final double BETA3 = 2;
    static final double EXACT3 = threeParticleEnergy();

    /**
     * Three particles in 2D: relative vectors q₂ = x₂ − x₁ = r(cos α, sin α), q₃ = x₃ − x₁ = s(cos(α+θ),
     * sin(α+θ)); E depends on (r, s, θ) only, α integrates to 2π, so the weight is r s exp(−β E) dr ds dθ,
     * with Σ_i |x_i − x_com|² = (r₁₂² + r₁₃² + r₂₃²)/3 (k = 1). Midpoint rule; the integrand is even and
     * periodic in θ and vanishes at the ends in r and s.
     */
    private static double threeParticleEnergy() {
        double num = 0;
        double den = 0;
        int grid = 200;
        double lo = 0.6;
        double hi = 3.6;
        double h = (hi - lo) / grid;
        double[] cos = new double[grid];
        for (int t = 0; t < grid; t++) {
            cos[t] = Math.cos((t + 0.5) * Math.PI / grid);
        }
        for (int i = 0; i < grid; i++) {
            double r = lo + (i + 0.5) * h;
            for (int j = 0; j < grid; j++) {
                double q = lo + (j + 0.5) * h;
                double pair = lj(r) + lj(q);
                for (int t = 0; t < grid; t++) {
                    double r23sq = r * r + q * q - 2 * r * q * cos[t];
                    if (r23sq < lo * lo) {
                        continue;
                    }
                    double e = pair + lj(Math.sqrt(r23sq)) + 0.5 * (r * r + q * q + r23sq) / 3;
                    double w = r * q * Math.exp(-BETA3 * e);
                    num += w * e;
                    den += w;
                }
            }
        }
        return num / den;
    }

    @ParameterizedTest
    @ValueSource(strings = {"metropolis", "mala", "hmc", "pt"})
    void threeParticleClusterEnergyAgreesWithQuadrature(String sampler) {
        double beta = BETA3;
        BoltzmannSystem<?> s = Systems.create("lj", Map.of("n", "3", "dim", "2", "beta", "" + beta));
        RunRecord rec = run(s, sampler, 10000, sampler.equals("pt") ? Map.of("replicas", "3") : Map.of());
        check(sampler + " <E> 3 particles", EXACT3, meanAndError(rec, "energy"), 0.05);
    }

    /** Without solvent the dimer's ⟨d⟩, P(open) and ⟨E⟩ are exact by 1D quadrature. */
    @ParameterizedTest
    @ValueSource(strings = {"metropolis", "mala", "hmc", "pt"})
    void dimerWithoutSolventAgreesWithQuadrature(String sampler) {
        DimerSolvent s = (DimerSolvent) Systems.create("dimer-solvent", Map.of("solvent", "0"));
        DimerExact exact = new DimerExact(1, DimerSolvent.K_D, DimerSolvent::bond, DimerSolvent.D_BARRIER);
        RunRecord r = run(s, sampler, 10000, sampler.equals("pt") ? Map.of("replicas", "3") : Map.of());
        check(sampler + " <d>", exact.meanDistance(), meanAndError(r, "dimer_distance"), 0.03);
        check(sampler + " P(open)", exact.probabilityOpen(), meanAndError(r, "dimer_open"), 0.03);
        check(sampler + " <E>", exact.meanEnergy(), meanAndError(r, "energy"), 0.05);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lj", "dimer-solvent"})
    void metropolisMovesWholeParticlesAndSymmetryMovesAreAlwaysAccepted(String name) {
        ContinuousSystem s = (ContinuousSystem) Systems.create(name, Map.of());
        Parameters p = Parameters.resolve("metropolis", Samplers.factory("metropolis").parameters(), Map.of());
        assertInstanceOf(ParticleMetropolis.class, LocalSamplerFactory.metropolis().kernel().apply(s, p));
        Chains<double[]> chains = Chains.start(s, List.of(s.metastableStates().get(0)), double[]::clone, 5);
        double u = chains.energy(0);
        double[] start = chains.state(0).clone();
        SymmetryMoves<double[]> moves = SymmetryMoves.of(s);
        for (int i = 0; i < 5; i++) {
            moves.sweep(chains);
        }
        assertEquals(1.0, moves.acceptance());
        assertTrue(!java.util.Arrays.equals(start, chains.state(0)), "the state moved");
        assertEquals(u, s.energy(chains.state(0)), 1e-9 * Math.abs(u), "the moved state has the same U");
    }
}
