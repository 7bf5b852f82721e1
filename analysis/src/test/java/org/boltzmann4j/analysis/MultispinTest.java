package org.boltzmann4j.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.kernel.spin.HeatBath;
import org.boltzmann4j.kernel.spin.Multispin;
import org.boltzmann4j.kernel.spin.SiteOrder;
import org.boltzmann4j.kernel.spin.SpinMetropolis;
import org.boltzmann4j.sampler.LocalSamplerFactory;
import org.boltzmann4j.system.SpinLattice;
import org.boltzmann4j.systems.Ising2d;
import org.boltzmann4j.systems.exact.IsingEnumeration;
import org.boltzmann4j.systems.exact.IsingExact;
import org.junit.jupiter.api.Test;

/**
 * The multispin-coded kernels (64 chains per word) against exact enumeration, against the scalar
 * kernels and Kaufman at 16 × 16, and for the independence of the replicas sharing a word.
 * Seeded; agreement required within 4 errors.
 */
class MultispinTest {

    private static final int BATCHES = 40;

    private static Chains<byte[]> randomStart(SpinLattice lattice, int chains, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<byte[]> initial = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            byte[] s = new byte[lattice.dimension()];
            for (int i = 0; i < s.length; i++) {
                s[i] = (byte) (rng.nextBoolean() ? 1 : -1);
            }
            initial.add(s);
        }
        return Chains.start(lattice, initial, byte[]::clone, seed);
    }

    /** ⟨e⟩ and ⟨|m|⟩ (means over chains and sweeps) with errors from the spread of the per-chain means. */
    private record Estimate(double[] mean, double[] error) {
        String describe(int o) {
            return String.format("%.5f +- %.5f", mean[o], error[o]);
        }
    }

    /** Batch means over time of the chain-pooled e and |m|: honest whatever the chains' autocorrelation. */
    private static Estimate pooled(SpinLattice lattice, MarkovKernel<byte[]> kernel, Chains<byte[]> chains,
                                   int warmup, int sweeps) {
        for (int k = 0; k < warmup; k++) {
            kernel.sweep(chains);
        }
        int n = lattice.dimension();
        int perBatch = sweeps / BATCHES;
        double[][] batch = new double[2][BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            for (int k = 0; k < perBatch; k++) {
                kernel.sweep(chains);
                for (int c = 0; c < chains.size(); c++) {
                    byte[] s = chains.state(c);
                    batch[0][b] += lattice.hamiltonian(s) / n;
                    batch[1][b] += Math.abs(SpinLattice.magnetization(s)) / (double) n;
                }
            }
        }
        for (int c = 0; c < chains.size(); c++) {
            assertEquals(lattice.energy(chains.state(c)), chains.energy(c), 1e-9, "tracked U of chain " + c);
        }
        double[] mean = new double[2];
        double[] error = new double[2];
        for (int o = 0; o < 2; o++) {
            double sum = 0;
            double sq = 0;
            for (int b = 0; b < BATCHES; b++) {
                double v = batch[o][b] / (perBatch * chains.size());
                sum += v;
                sq += v * v;
            }
            mean[o] = sum / BATCHES;
            error[o] = Math.sqrt((sq / BATCHES - mean[o] * mean[o]) / (BATCHES - 1));
        }
        return new Estimate(mean, error);
    }

    private static void againstEnumeration(String what, Function<SpinLattice, Multispin> kernel, int L, double beta,
                                           double J, int sweeps) {
        Ising2d ising = new Ising2d(L, beta, J, 0);
        Multispin multispin = kernel.apply(ising);
        Estimate est = pooled(ising, multispin, randomStart(ising, 64, 17L * L), 200, sweeps);
        IsingEnumeration.Values exact = IsingEnumeration.solve(L, beta, J, 0);
        double[] expected = {exact.energyPerSite(), exact.absMagnetizationPerSite()};
        String[] names = {"e", "|m|"};
        for (int o = 0; o < 2; o++) {
            String msg = what + " L=" + L + " beta=" + beta + " J=" + J + " " + names[o] + ": " + est.describe(o)
                    + " vs exact " + expected[o];
            assertTrue(est.error[o] > 0 && est.error[o] < 0.005, msg + " (error out of the expected range)");
            assertEquals(expected[o], est.mean[o], 4 * est.error[o], msg);
        }
        assertTrue(multispin.acceptance() > 0.05 && multispin.acceptance() < 0.95, "acceptance " + multispin.acceptance());
    }

    @Test
    void heatBathMatchesEnumeration() {
        againstEnumeration("heat bath", Multispin::heatBath, 4, SpinLattice.SQUARE_BETA_CRITICAL, 1, 8000);
        againstEnumeration("heat bath", Multispin::heatBath, 3, 0.5, 1, 8000);
        // antiferromagnet on the frustrated 3 x 3 torus: the satisfied bonds are the unequal pairs
        againstEnumeration("heat bath", Multispin::heatBath, 3, 0.6, -1, 8000);
        // L = 2: right and left (up and down) neighbours coincide, every bond listed twice
        againstEnumeration("heat bath", Multispin::heatBath, 2, 0.3, 1, 8000);
    }

    @Test
    void metropolisMatchesEnumeration() {
        // at 4 x 4 the closed deterministic cycles of sequential Metropolis weigh 6e-5, far below the errors
        againstEnumeration("metropolis", Multispin::metropolis, 4, SpinLattice.SQUARE_BETA_CRITICAL, 1, 8000);
        againstEnumeration("metropolis", Multispin::metropolis, 4, 0.3, 0.7, 8000);
        againstEnumeration("metropolis", Multispin::metropolis, 4, 0.5, -1, 8000);
    }

    @Test
    void sequentialMetropolisKeepsItsDeterministicCycleOnThe3x3Torus() {
        // every site has at most 2 satisfied bonds when visited: the whole lattice flips, sweep after sweep,
        // in the scalar kernel and in every replica of the multispin one
        byte[] cycle = {-1, -1, 1, -1, -1, -1, 1, -1, -1};
        Ising2d ising = new Ising2d(3, 0.5, 1, 0);
        List<byte[]> initial = new ArrayList<>();
        for (int c = 0; c < 64; c++) {
            initial.add(cycle);
        }
        Chains<byte[]> multi = Chains.start(ising, initial, byte[]::clone, 1);
        Chains<byte[]> scalar = Chains.start(ising, initial, byte[]::clone, 2);
        Multispin multispin = Multispin.metropolis(ising);
        SpinMetropolis metropolis = new SpinMetropolis(ising, SiteOrder.SEQUENTIAL);
        for (int k = 1; k <= 20; k++) {
            multispin.sweep(multi);
            metropolis.sweep(scalar);
            for (int c = 0; c < 64; c++) {
                for (int i = 0; i < 9; i++) {
                    int expected = k % 2 == 0 ? cycle[i] : -cycle[i];
                    assertEquals(expected, multi.state(c)[i], "multispin sweep " + k);
                    assertEquals(expected, scalar.state(c)[i], "scalar sweep " + k);
                }
            }
        }
        assertEquals(1, multispin.acceptance(), 0);
        // the heat bath leaves the cycle at once
        Chains<byte[]> hot = Chains.start(ising, initial, byte[]::clone, 3);
        Multispin.heatBath(ising).sweep(hot);
        int left = 0;
        for (int c = 0; c < 64; c++) {
            left += Arrays.equals(hot.state(c), cycle) || Arrays.equals(hot.state(c), flipped(cycle)) ? 0 : 1;
        }
        assertTrue(left > 48, left + " of 64 chains left the cycle");
    }

    private static byte[] flipped(byte[] s) {
        byte[] t = new byte[s.length];
        for (int i = 0; i < s.length; i++) {
            t[i] = (byte) -s[i];
        }
        return t;
    }

    private static void againstScalar(String what, Multispin multispin, MarkovKernel<byte[]> scalar, Ising2d ising) {
        Estimate multi = pooled(ising, multispin, randomStart(ising, 64, 5), 300, 3000);
        Estimate reference = pooled(ising, scalar, randomStart(ising, 64, 6), 300, 3000);
        for (int o = 0; o < 2; o++) {
            double both = Math.hypot(multi.error[o], reference.error[o]);
            String msg = what + " observable " + o + ": multispin " + multi.describe(o) + " vs scalar "
                    + reference.describe(o);
            assertTrue(both > 0 && both < 0.005, msg);
            assertEquals(reference.mean[o], multi.mean[o], 4 * both, msg);
        }
        double kaufman = IsingExact.solve(16, ising.inverseTemperature()).energyPerSite();
        assertEquals(kaufman, multi.mean[0], 4 * multi.error[0], what + " e " + multi.describe(0) + " vs Kaufman "
                + kaufman);
    }

    @Test
    void matchesTheScalarKernelsAndKaufmanAt16() {
        Ising2d ising = new Ising2d(16, 0.4, 1, 0);
        againstScalar("metropolis", Multispin.metropolis(ising), new SpinMetropolis(ising, SiteOrder.SEQUENTIAL), ising);
        againstScalar("heat bath", Multispin.heatBath(ising), new HeatBath(ising, SiteOrder.SEQUENTIAL), ising);
    }

    /** Mean over pairs and sweeps of the squared overlap q = (1/N) Σ_i s_i^a s_i^b. */
    private static double[] squaredOverlaps(Chains<byte[]> chains, MarkovKernel<byte[]> kernel, int sweeps) {
        int half = chains.size() / 2;
        double[] sums = new double[2];
        for (int k = 0; k < sweeps; k++) {
            kernel.sweep(chains);
            for (int a = 0; a < half; a++) {
                // a with a+1 shares a word; a with a + half does not (another group, another stream)
                sums[0] += square(overlap(chains.state(a), chains.state((a + 1) % half)));
                sums[1] += square(overlap(chains.state(a), chains.state(a + half)));
            }
        }
        return new double[] {sums[0] / (sweeps * half), sums[1] / (sweeps * half)};
    }

    private static double overlap(byte[] s, byte[] t) {
        int q = 0;
        for (int i = 0; i < s.length; i++) {
            q += s[i] * t[i];
        }
        return q / (double) s.length;
    }

    private static double square(double x) {
        return x * x;
    }

    @Test
    void replicasInOneWordAreIndependent() {
        // 128 identical starts, hot (tau of a few sweeps): chains that shared random bits would stay alike
        Ising2d ising = new Ising2d(16, 0.2, 1, 0);
        List<byte[]> initial = new ArrayList<>();
        for (int c = 0; c < 128; c++) {
            initial.add(ising.metastableStates().get(0));
        }
        Chains<byte[]> chains = Chains.start(ising, initial, byte[]::clone, 3);
        Multispin kernel = Multispin.metropolis(ising);
        for (int k = 0; k < 50; k++) {
            kernel.sweep(chains);
        }
        double[] batches = new double[2 * 20];
        for (int b = 0; b < 20; b++) {
            double[] q2 = squaredOverlaps(chains, kernel, 25);
            batches[2 * b] = q2[0];
            batches[2 * b + 1] = q2[1];
        }
        double diff = 0;
        double sq = 0;
        double inter = 0;
        for (int b = 0; b < 20; b++) {
            double d = batches[2 * b] - batches[2 * b + 1];
            diff += d / 20;
            sq += d * d / 20;
            inter += batches[2 * b + 1] / 20;
        }
        double error = Math.sqrt((sq - diff * diff) / 19);
        String msg = String.format("<q^2> within a word minus across words %.2e +- %.2e (across: %.4f)", diff, error,
                inter);
        // independent replicas: <q^2> = Σ_ij <s_i s_j>^2 / N^2, a few times 1/N at beta = 0.2
        assertTrue(inter > 0.5 / 256 && inter < 10.0 / 256, msg);
        assertTrue(error > 0 && error < 0.1 * inter, msg);
        assertEquals(0, diff, 4 * error, msg);
    }

    @Test
    void groupsRunInParallelReproducibly() {
        // 4 groups of 64 chains of 16 x 16: enough spins per sweep for the parallel path
        Ising2d ising = new Ising2d(16, 0.44, 1, 0);
        byte[][] first = null;
        for (int repeat = 0; repeat < 2; repeat++) {
            Chains<byte[]> chains = randomStart(ising, 256, 9);
            Multispin kernel = Multispin.metropolis(ising);
            for (int k = 0; k < 20; k++) {
                kernel.sweep(chains);
            }
            assertEquals(256 + 20L * 256 * 256, chains.energyEvaluations(), "one per attempted flip");
            byte[][] states = new byte[256][];
            for (int c = 0; c < 256; c++) {
                states[c] = chains.state(c).clone();
                assertEquals(ising.energy(states[c]), chains.energy(c), 0, "U of chain " + c);
            }
            if (first == null) {
                first = states;
            } else {
                for (int c = 0; c < 256; c++) {
                    assertArrayEquals(first[c], states[c], "same seed, same chain " + c);
                }
            }
        }
    }

    @Test
    void badInputIsRefused() {
        B4jException h = assertThrows(B4jException.class, () -> Multispin.metropolis(new Ising2d(4, 0.4, 1, 0.1)));
        assertEquals(B4jException.Kind.BAD_INPUT, h.kind());
        assertTrue(h.getMessage().contains("h=0.1"), h.getMessage());
        Ising2d ising = new Ising2d(4, 0.4, 1, 0);
        B4jException chains = assertThrows(B4jException.class,
                () -> Multispin.heatBath(ising).sweep(randomStart(ising, 65, 1)));
        assertTrue(chains.getMessage().contains("65"), chains.getMessage());
        LocalSamplerFactory metropolis = LocalSamplerFactory.metropolis();
        Parameters p = Parameters.resolve("sampler metropolis", metropolis.parameters(),
                Map.of("multispin", "true", "chains", "100"));
        B4jException viaSampler = assertThrows(B4jException.class, () -> metropolis.kernel().apply(ising, p));
        assertEquals("sampler.multispin=true packs 64 chains per word; got chains=100 (use a multiple of 64)",
                viaSampler.getMessage());
        Parameters random = Parameters.resolve("sampler metropolis", metropolis.parameters(),
                Map.of("multispin", "true", "order", "random"));
        assertThrows(B4jException.class, () -> metropolis.kernel().apply(ising, random));
        Parameters fine = Parameters.resolve("sampler metropolis", metropolis.parameters(), Map.of("multispin", "true"));
        assertTrue(metropolis.kernel().apply(ising, fine) instanceof Multispin);
    }
}
