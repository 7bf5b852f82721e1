package org.boltzmann4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.boltzmann4j.system.Configurations;
import org.boltzmann4j.system.Symmetries;
import org.boltzmann4j.system.SymmetryGroup;
import org.boltzmann4j.testing.Enumeration;
import org.boltzmann4j.testing.TinyIsing;
import org.junit.jupiter.api.Test;

/**
 * Random symmetry moves are exact also when the symmetry is broken (their Metropolis test then
 * corrects the weights) and carry chains over barriers local kernels cannot cross.
 */
class SymmetryMovesTest {

    /** Barrier 12 kT with tilt 0.3: Metropolis from x = +1 stays there; the sign flip crosses it. */
    @Test
    void brokenSignFlipMovesRestoreTheTiltedWellsWeights() {
        LocalKernelTest.Well well = new LocalKernelTest.Well(12, 0.3);
        SymmetryGroup<double[]> flip = new SymmetryGroup<>(List.of(Symmetries.identity(), Symmetries.signFlip()), false);
        MarkovKernel<double[]> local = new SingleSiteMetropolis(well, new StepSize(0.3, 0.5, false));
        double exact = well.exact(v -> v > 0 ? 1 : 0);

        double[] stuck = positiveFraction(well, local, null, 3000);
        assertTrue(stuck[0] > 0.99, "local moves alone must not cross a 12 kT barrier: " + stuck[0]);

        SymmetryMoves<double[]> moves = new SymmetryMoves<>(well, flip);
        double[] mixed = positiveFraction(well, local, moves, 3000);
        assertEquals(exact, mixed[0], 4 * mixed[1], "P(x>0) = " + mixed[0] + " ± " + mixed[1] + " vs exact " + exact);
        assertTrue(mixed[1] < 0.02, "error bar too wide to test anything: " + mixed[1]);
        assertTrue(moves.acceptance() > 0.3 && moves.acceptance() < 0.9, "flips pay the tilt: " + moves.acceptance());
    }

    /** Translations and the global flip of a 3×3 torus in a field: stationary at the exact distribution. */
    @Test
    void latticeSymmetryMovesKeepTheBoltzmannDistributionOfASpinSystemInAField() {
        TinyIsing ising = new TinyIsing(3, 3, 0.4, 0.2);
        assertTrue(!ising.symmetryAction().exact());
        Enumeration exact = new Enumeration(ising);
        int chains = 2000;
        List<byte[]> initial = new ArrayList<>();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int c = 0; c < chains; c++) {
            initial.add(Enumeration.configuration(sample(exact, rng.nextDouble()), 9));
        }
        Chains<byte[]> state = Chains.start(ising, initial, Configurations::copy, 8);
        SymmetryMoves<byte[]> moves = SymmetryMoves.of(ising);
        for (int t = 0; t < 5; t++) {
            moves.sweep(state); // started in equilibrium, so it must stay there
        }
        double[] counts = new double[exact.states()];
        for (int c = 0; c < chains; c++) {
            counts[Enumeration.index(state.state(c), 0, 9)]++;
        }
        double magnetization = 0;
        double exactMagnetization = 0;
        for (int k = 0; k < counts.length; k++) {
            double m = 0;
            for (byte s : Enumeration.configuration(k, 9)) {
                m += s;
            }
            magnetization += counts[k] * m / chains;
            exactMagnetization += exact.probability(k) * m;
        }
        // the flip half of the moves changes M; a kernel that ignored the field would drag <M> to 0
        assertEquals(exactMagnetization, magnetization, 4 * 3 / Math.sqrt(chains),
                "<M> after symmetry moves " + magnetization + " vs exact " + exactMagnetization);
        assertTrue(moves.acceptance() < 0.95, "flips against the field must be rejected sometimes");
    }

    private static int sample(Enumeration exact, double u) {
        double cumulative = 0;
        for (int k = 0; k < exact.states(); k++) {
            cumulative += exact.probability(k);
            if (u < cumulative) {
                return k;
            }
        }
        return exact.states() - 1;
    }

    /** Time-averaged indicator x > 0 per chain, all chains from x = +1, with its between-chain error. */
    private static double[] positiveFraction(LocalKernelTest.Well well, MarkovKernel<double[]> local,
                                             MarkovKernel<double[]> moves, int sweeps) {
        int n = 64;
        List<double[]> initial = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            initial.add(new double[] {1});
        }
        Chains<double[]> chains = Chains.start(well, initial, Configurations::copy, 5);
        double[][] traces = new double[n][sweeps];
        for (int t = 0; t < sweeps; t++) {
            local.sweep(chains);
            if (moves != null) {
                moves.sweep(chains);
            }
            for (int c = 0; c < n; c++) {
                traces[c][t] = chains.state(c)[0] > 0 ? 1 : 0;
            }
        }
        return LocalKernelTest.meanAndError(traces);
    }
}
