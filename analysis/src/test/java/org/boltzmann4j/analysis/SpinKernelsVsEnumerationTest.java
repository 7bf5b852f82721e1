package org.boltzmann4j.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.kernel.ParallelTempering;
import org.boltzmann4j.kernel.spin.HeatBath;
import org.boltzmann4j.kernel.spin.SiteOrder;
import org.boltzmann4j.kernel.spin.SpinMetropolis;
import org.boltzmann4j.kernel.spin.SwendsenWang;
import org.boltzmann4j.kernel.spin.Wolff;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.SpinLattice;
import org.boltzmann4j.systems.Ising2d;
import org.boltzmann4j.systems.exact.IsingEnumeration;
import org.boltzmann4j.systems.exact.IsingExact;
import org.junit.jupiter.api.Test;

/**
 * Every spin kernel against exact enumeration (and Kaufman's solution for many-chain runs): ⟨e⟩, ⟨m⟩ and ⟨|m|⟩ from long runs of 8 chains
 * with fixed seeds, errors by batch means over 50 batches, agreement required within 4 errors.
 */
class SpinKernelsVsEnumerationTest {

    private static final int CHAINS = 8;
    private static final int BATCHES = 50;

    /** Mean and batch-means error of ⟨e⟩, ⟨m⟩, ⟨|m|⟩. */
    private record Estimate(double[] mean, double[] error) {
    }

    private static Chains<byte[]> start(SpinLattice lattice, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<byte[]> initial = new ArrayList<>();
        for (int c = 0; c < CHAINS; c++) {
            byte[] s = new byte[lattice.dimension()];
            for (int i = 0; i < s.length; i++) {
                s[i] = (byte) (rng.nextBoolean() ? 1 : -1);
            }
            initial.add(s);
        }
        return Chains.start(lattice, initial, byte[]::clone, seed);
    }

    private static Estimate run(SpinLattice lattice, MarkovKernel<byte[]> kernel, long seed, int sweeps) {
        Chains<byte[]> chains = start(lattice, seed);
        for (int k = 0; k < 500; k++) {
            kernel.sweep(chains);
        }
        kernel.freeze();
        int n = lattice.dimension();
        int perBatch = sweeps / BATCHES;
        double[][] batch = new double[3][BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            for (int k = 0; k < perBatch; k++) {
                kernel.sweep(chains);
                for (int c = 0; c < CHAINS; c++) {
                    byte[] s = chains.state(c);
                    double m = SpinLattice.magnetization(s) / (double) n;
                    batch[0][b] += lattice.hamiltonian(s) / n;
                    batch[1][b] += m;
                    batch[2][b] += Math.abs(m);
                }
            }
        }
        for (int c = 0; c < CHAINS; c++) {
            assertEquals(lattice.energy(chains.state(c)), chains.energy(c), 1e-9, "tracked U of chain " + c);
        }
        double[] mean = new double[3];
        double[] error = new double[3];
        for (int o = 0; o < 3; o++) {
            double sum = 0;
            double sq = 0;
            for (int b = 0; b < BATCHES; b++) {
                double v = batch[o][b] / (perBatch * CHAINS);
                sum += v;
                sq += v * v;
            }
            mean[o] = sum / BATCHES;
            error[o] = Math.sqrt((sq / BATCHES - mean[o] * mean[o]) / (BATCHES - 1));
        }
        return new Estimate(mean, error);
    }

    private static void check(String what, Estimate est, IsingEnumeration.Values exact) {
        double[] expected = {exact.energyPerSite(), exact.magnetizationPerSite(), exact.absMagnetizationPerSite()};
        String[] names = {"e", "m", "|m|"};
        for (int o = 0; o < 3; o++) {
            String msg = String.format("%s %s: %.5f +- %.5f vs exact %.5f", what, names[o], est.mean[o],
                    est.error[o], expected[o]);
            assertTrue(est.error[o] > 0 && est.error[o] < 0.03, msg + " (error out of the expected range)");
            assertEquals(expected[o], est.mean[o], 4 * est.error[o], msg);
        }
    }

    private static void checkKernel(String what, int L, double beta, double J, double h,
                                    Function<SpinLattice, MarkovKernel<byte[]>> kernel, int sweeps) {
        Ising2d ising = new Ising2d(L, beta, J, h);
        check(what + " L=" + L + " beta=" + beta + " J=" + J + " h=" + h,
                run(ising, kernel.apply(ising), 31L * L + 7, sweeps), IsingEnumeration.solve(L, beta, J, h));
    }

    @Test
    void metropolisSequential() {
        Function<SpinLattice, MarkovKernel<byte[]>> k = l -> new SpinMetropolis(l, SiteOrder.SEQUENTIAL);
        checkKernel("metropolis/seq", 4, 0.4406868, 1, 0, k, 60_000);
        checkKernel("metropolis/seq", 3, 0.5, 1, 0.3, k, 60_000);
        checkKernel("metropolis/seq", 2, 0.3, 1, -0.2, k, 50_000);
    }

    @Test
    void metropolisRandom() {
        Function<SpinLattice, MarkovKernel<byte[]>> k = l -> new SpinMetropolis(l, SiteOrder.RANDOM);
        checkKernel("metropolis/random", 4, 0.4406868, 1, 0, k, 60_000);
        checkKernel("metropolis/random", 3, 0.35, 0.8, -0.25, k, 60_000);
    }

    @Test
    void heatBath() {
        checkKernel("heat-bath/seq", 4, 0.4406868, 1, 0, l -> new HeatBath(l, SiteOrder.SEQUENTIAL), 60_000);
        checkKernel("heat-bath/random", 3, 0.5, 1, 0.3, l -> new HeatBath(l, SiteOrder.RANDOM), 60_000);
    }

    @Test
    void wolff() {
        checkKernel("wolff", 4, 0.4406868, 1, 0, Wolff::new, 40_000);
        checkKernel("wolff", 4, 0.7, 1, 0, l -> new Wolff(l, 2), 40_000);
        // antiferromagnet on a frustrated (odd) torus: clusters over satisfied bonds still sample exactly
        checkKernel("wolff", 3, 0.6, -1, 0, Wolff::new, 40_000);
    }

    @Test
    void swendsenWang() {
        checkKernel("swendsen-wang", 4, 0.4406868, 1, 0, SwendsenWang::new, 20_000);
        checkKernel("swendsen-wang", 3, 0.8, 1, 0, SwendsenWang::new, 20_000);
        // L = 2: every bond listed twice in the torus table, frozen independently
        checkKernel("swendsen-wang", 2, 0.5, 1, 0, SwendsenWang::new, 20_000);
        checkKernel("swendsen-wang", 3, 0.6, -1, 0, SwendsenWang::new, 20_000);
    }

    @Test
    void swendsenWangMatchesKaufmanAt32() {
        // e and the specific heat per site beta^2 N Var(e) at beta_c, from 16 chains' own means and variances
        Ising2d ising = new Ising2d(32, 0.4406868, 1, 0);
        int n = 1024;
        List<byte[]> initial = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            initial.add(ising.metastableStates().get(c % 2));
        }
        Chains<byte[]> chains = Chains.start(ising, initial, byte[]::clone, 21);
        SwendsenWang kernel = new SwendsenWang(ising);
        double[] mean = new double[16];
        double[] square = new double[16];
        int sweeps = 1500;
        for (int k = 0; k < 100 + sweeps; k++) {
            kernel.sweep(chains);
            for (int c = 0; k >= 100 && c < 16; c++) {
                double e = ising.energyPerSite(chains.state(c));
                mean[c] += e / sweeps;
                square[c] += e * e / sweeps;
                assertEquals(ising.energy(chains.state(c)), chains.energy(c), 0);
            }
        }
        double[] heat = new double[16];
        for (int c = 0; c < 16; c++) {
            heat[c] = 0.4406868 * 0.4406868 * n * (square[c] - mean[c] * mean[c]);
        }
        IsingExact.Values exact = IsingExact.solve(32, 0.4406868);
        assertWithin("e", mean, exact.energyPerSite(), 0.002);
        assertWithin("c", heat, exact.specificHeatPerSite(), 0.1);
    }

    /** The mean of independent per-chain values within 4 errors of the exact value, the error below {@code most}. */
    private static void assertWithin(String what, double[] values, double exact, double most) {
        double mean = 0;
        double sq = 0;
        for (double v : values) {
            mean += v / values.length;
            sq += v * v / values.length;
        }
        double error = Math.sqrt((sq - mean * mean) / (values.length - 1));
        String msg = what + " " + mean + " +- " + error + " vs Kaufman " + exact;
        assertTrue(error > 0 && error < most, msg);
        assertEquals(exact, mean, 4 * error, msg);
    }

    @Test
    void wolffClustersHaveTheFortuinKasteleynMeanSize() {
        // at h = 0 the mean Wolff cluster is <M^2>/N = N <m^2>
        Ising2d ising = new Ising2d(4, 0.4406868, 1, 0);
        double exact = 16 * IsingEnumeration.solve(4, 0.4406868, 1, 0).magnetizationSquared();
        Wolff wolff = new Wolff(ising);
        Chains<byte[]> chains = start(ising, 3);
        for (int k = 0; k < 200; k++) {
            wolff.sweep(chains);
        }
        assertEquals(0, wolff.clustersPerSweep(), "adapting");
        wolff.freeze();
        int clusters = wolff.clustersPerSweep();
        assertEquals(Math.max(1, Math.round(16 / wolff.meanClusterSize())), clusters);
        // energy evaluations count flipped spins: with n_c fixed they give the mean cluster size
        double[] size = new double[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            long before = chains.energyEvaluations();
            for (int k = 0; k < 400; k++) {
                wolff.sweep(chains);
            }
            size[b] = (chains.energyEvaluations() - before) / (400.0 * CHAINS * clusters);
        }
        double mean = 0;
        double sq = 0;
        for (double v : size) {
            mean += v / BATCHES;
            sq += v * v / BATCHES;
        }
        double error = Math.sqrt((sq - mean * mean) / (BATCHES - 1));
        assertTrue(error > 0 && error < 0.1, "error " + error);
        assertEquals(exact, mean, 4 * error, "mean cluster size " + mean + " +- " + error);
    }

    @Test
    void parallelTemperingOverMetropolis() {
        Function<BoltzmannSystem<byte[]>, MarkovKernel<byte[]>> base =
                s -> new SpinMetropolis((SpinLattice) s, SiteOrder.SEQUENTIAL);
        Ising2d cold = new Ising2d(4, 0.8, 1, 0);
        ParallelTempering<byte[]> pt = new ParallelTempering<>(cold, 4, 0.2, base);
        check("pt L=4 beta=0.8", run(cold, pt, 99, 40_000), IsingEnumeration.solve(4, 0.8, 1, 0));
        assertTrue(pt.swapAcceptance() > 0.2 && pt.swapAcceptance() < 1, "swap acceptance " + pt.swapAcceptance());
        // the hot replicas sample their own beta
        double[] betas = pt.betas();
        assertEquals(0.2, betas[0], 1e-15);
        assertEquals(0.8, betas[3], 0);
        assertEquals(0.2 * Math.pow(4, 1 / 3.0), betas[1], 1e-14);
        Chains<byte[]> hot = pt.replica(0);
        for (int c = 0; c < hot.size(); c++) {
            assertEquals(cold.atBeta(0.2).energy(hot.state(c)), hot.energy(c), 1e-9);
        }
    }

    @Test
    void parallelTemperingWithFieldOverHeatBath() {
        Ising2d ising = new Ising2d(3, 0.6, 1, 0.1);
        ParallelTempering<byte[]> pt = new ParallelTempering<>(ising, 3, 0.25,
                s -> new HeatBath((SpinLattice) s, SiteOrder.RANDOM));
        check("pt L=3 beta=0.6 h=0.1", run(ising, pt, 5, 40_000), IsingEnumeration.solve(3, 0.6, 1, 0.1));
    }

    @Test
    void manyChainsRunInParallelReproduciblyAndMatchKaufman() {
        // 64 chains of 32 x 32 spins: enough work per sweep for the parallel path
        Ising2d ising = new Ising2d(32, 0.3, 1, 0);
        double[] first = null;
        for (int repeat = 0; repeat < 2; repeat++) {
            List<byte[]> initial = new ArrayList<>();
            for (int c = 0; c < 64; c++) {
                initial.add(ising.metastableStates().get(c % 2));
            }
            Chains<byte[]> chains = Chains.start(ising, initial, byte[]::clone, 11);
            SpinMetropolis kernel = new SpinMetropolis(ising, SiteOrder.SEQUENTIAL);
            double[] chainMean = new double[64];
            for (int k = 0; k < 300; k++) {
                kernel.sweep(chains);
                for (int c = 0; k >= 100 && c < 64; c++) {
                    chainMean[c] += ising.energyPerSite(chains.state(c)) / 200;
                    assertEquals(ising.energy(chains.state(c)), chains.energy(c), 1e-9);
                }
            }
            assertEquals(64 + 300L * 64 * 1024, chains.energyEvaluations(), "one per attempted flip");
            assertTrue(kernel.acceptance() > 0.1 && kernel.acceptance() < 0.9, "acceptance " + kernel.acceptance());
            if (first == null) {
                first = chainMean;
            } else {
                assertArrayEquals(first, chainMean, 0, "same seed, same chains");
            }
        }
        double mean = 0;
        double sq = 0;
        for (double v : first) {
            mean += v / 64;
            sq += v * v / 64;
        }
        double error = Math.sqrt((sq - mean * mean) / 63);
        assertTrue(error > 0 && error < 0.01, "error " + error);
        assertEquals(IsingExact.solve(32, 0.3).energyPerSite(), mean, 4 * error, mean + " +- " + error);
    }

    @Test
    void badInputIsReported() {
        B4jException e = assertThrows(B4jException.class, () -> new Wolff(new Ising2d(4, 0.4, 1, 0.05)));
        assertEquals(B4jException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("h=0.05"), e.getMessage());
        B4jException sw = assertThrows(B4jException.class, () -> new SwendsenWang(new Ising2d(4, 0.4, 1, -0.5)));
        assertEquals(B4jException.Kind.BAD_INPUT, sw.kind());
        assertTrue(sw.getMessage().contains("h=-0.5"), sw.getMessage());
        Ising2d ising = new Ising2d(4, 0.4, 1, 0);
        Function<BoltzmannSystem<byte[]>, MarkovKernel<byte[]>> base =
                s -> new SpinMetropolis((SpinLattice) s, SiteOrder.SEQUENTIAL);
        assertTrue(assertThrows(B4jException.class, () -> new ParallelTempering<>(ising, 1, 0.1, base))
                .getMessage().startsWith("replicas=1"));
        assertTrue(assertThrows(B4jException.class, () -> new ParallelTempering<>(ising, 4, 0.5, base))
                .getMessage().startsWith("beta_min=0.5"));
    }
}
