package org.boltzmann4j.sampler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.model.BatchView;
import org.boltzmann4j.model.SymmetrizedModel;
import org.boltzmann4j.model.autoregressive.Made;
import org.boltzmann4j.testing.Enumeration;
import org.boltzmann4j.testing.Models;
import org.boltzmann4j.testing.TinyIsing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exactness of the model-based kernels: chains started from the exact Boltzmann distribution of a
 * 2×3 torus (64 states) must stay distributed by it after a few sweeps, although the (untrained,
 * skewed) model proposes from a very different distribution.
 */
class NeuralKernelStationarityTest {

    private static final int CHAINS = 30_000;
    private static final int SWEEPS = 3;

    private static void assertStationary(TinyIsing system, MarkovKernel<byte[]> kernel, long seed) {
        Enumeration exact = new Enumeration(system);
        int d = system.dimension();
        SplittableRandom rng = new SplittableRandom(seed);
        List<byte[]> initial = new ArrayList<>(CHAINS);
        for (int c = 0; c < CHAINS; c++) {
            double r = rng.nextDouble();
            int state = 0;
            while (state < exact.states() - 1 && (r -= exact.probability(state)) > 0) {
                state++;
            }
            initial.add(Enumeration.configuration(state, d));
        }
        Chains<byte[]> chains = Chains.start(system, initial, byte[]::clone, seed + 1);
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            kernel.sweep(chains);
        }
        long[] counts = new long[exact.states()];
        for (int c = 0; c < CHAINS; c++) {
            counts[Enumeration.index(chains.state(c), 0, d)]++;
            assertTrue(Math.abs(chains.energy(c) - system.energy(chains.state(c))) < 1e-9, "stale energy");
        }
        double chi2 = 0;
        for (int s = 0; s < counts.length; s++) {
            double expected = CHAINS * exact.probability(s);
            chi2 += (counts[s] - expected) * (counts[s] - expected) / expected;
        }
        int df = counts.length - 1;
        assertTrue(chi2 < df + 5 * Math.sqrt(2.0 * df), "chi2 = " + chi2 + " for df = " + df);
        assertTrue(kernel.acceptance() > 0.05 && kernel.acceptance() < 0.95,
                "acceptance " + kernel.acceptance() + ": the test needs rejections to be meaningful");
    }

    @ParameterizedTest
    @CsvSource({"0.0, false", "0.3, false", "0.0, true"})
    void independentMetropolisLeavesTheBoltzmannDistributionInvariant(double field, boolean symmetrize) {
        TinyIsing system = new TinyIsing(2, 3, 0.5, field);
        Made made = Models.skewedMade(6, 1, 61);
        var model = symmetrize
                ? new SymmetrizedModel<>(made, system.symmetries().signFlipSubgroup(), BatchView.SPIN, new byte[6])
                : made;
        assertStationary(system, IndependentMetropolisKernel.of(system, model, new java.util.SplittableRandom(67)), 71);
    }

    @ParameterizedTest
    @CsvSource({"0.0, 6", "0.0, 2", "0.3, 3"})
    void neuralClusterUpdatesLeaveTheBoltzmannDistributionInvariant(double field, int kmax) {
        TinyIsing system = new TinyIsing(2, 3, 0.5, field);
        Made made = Models.skewedMade(6, 2, 73);
        assertStationary(system, new NeuralClusterKernel(system, made, kmax, 79), 83);
    }
}
