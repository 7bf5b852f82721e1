package org.boltzmann4j.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.sampler.Sampler;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.system.BoltzmannSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The samplers with the equivariant augmented coupling flow ({@code model=eacf}) are exact on small
 * Lennard-Jones clusters, whose ⟨E⟩ quadrature gives ({@link ParticleKernelsTest}): nmcmc with
 * model proposals only (no local sweeps, so every move is an independent Metropolis-Hastings step
 * with the one-auxiliary estimate of q and a Gibbs refresh of the auxiliaries), and nis with its
 * self-normalized weights. A small, briefly trained flow, so the proposals are imperfect.
 */
class EacfSamplersTest {

    private static final Map<String, String> SMALL = Map.of("model", "eacf", "hidden", "32", "couplings", "2",
            "batch", "64");

    @Test
    void modelProposalsAloneSampleTheThreeParticleCluster() {
        BoltzmannSystem<?> s = Systems.create("lj", Map.of("n", "3", "dim", "2", "beta", "" + ParticleKernelsTest.BETA3));
        Map<String, String> set = new java.util.HashMap<>(SMALL);
        set.put("local_sweeps", "0");
        set.put("chains", "64");
        RunRecord r = ParticleKernelsTest.run(s, "nmcmc", 6000, set);
        double acceptance = r.acceptance().values().iterator().next();
        assertTrue(acceptance > 0.05, "the flow's proposals are accepted: " + acceptance);
        ParticleKernelsTest.check("nmcmc eacf <E> 3 particles", ParticleKernelsTest.EXACT3,
                ParticleKernelsTest.meanAndError(r, "energy"), 0.05);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void importanceSamplingWeighsTheTwoParticleCluster(int dim) {
        double beta = 4; // the pair well, not the trap's Gaussian tail, holds the pair: reverse KL leaves no light tail
        BoltzmannSystem<?> s = Systems.create("lj", Map.of("n", "2", "dim", "" + dim, "beta", "" + beta));
        Map<String, String> set = new java.util.HashMap<>(SMALL);
        set.put("samples", "20000");
        @SuppressWarnings("unchecked")
        Sampler<Object> nis = (Sampler<Object>) Samplers.create("nis", s, set).sampler();
        @SuppressWarnings("unchecked")
        BoltzmannSystem<Object> sys = (BoltzmannSystem<Object>) s;
        RunRecord r = nis.run(sys, new RunContext(Budget.steps(4000), 17, Progress.SILENT, null));
        double[] logw = r.logWeights();
        double[] energy = r.traces()[r.observableNames().indexOf("energy")][0];
        double max = java.util.Arrays.stream(logw).max().getAsDouble();
        double sum = 0;
        double sum2 = 0;
        double mean = 0;
        for (int k = 0; k < logw.length; k++) {
            double w = Math.exp(logw[k] - max);
            sum += w;
            sum2 += w * w;
            mean += w * energy[k];
        }
        mean /= sum;
        double var = 0;
        for (int k = 0; k < logw.length; k++) {
            double w = Math.exp(logw[k] - max) / sum;
            var += w * w * (energy[k] - mean) * (energy[k] - mean);
        }
        double error = Math.sqrt(var);
        double ess = sum * sum / sum2;
        assertTrue(ess > 0.05 * logw.length, "a trained flow on two particles has a usable ESS: " + ess + " of " + logw.length);
        ParticleKernelsTest.check("nis eacf <E> 2 particles dim " + dim, ParticleKernelsTest.twoParticleEnergy(dim, beta),
                new double[] {mean, error}, 0.05);
    }

    @Test
    void eacfOnASystemWithoutTranslationInvarianceIsBadInput() {
        for (String system : new String[] {"dimer-solvent", "phi4-chain"}) {
            BoltzmannSystem<?> s = Systems.create(system, Map.of());
            B4jException e = org.junit.jupiter.api.Assertions.assertThrows(B4jException.class,
                    () -> Samplers.create("nis", s, Map.of("model", "eacf")));
            assertTrue(e.getMessage().contains("translation-invariant particle system"), e.getMessage());
        }
    }
}
