package org.boltzmann4j.model.autoregressive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.model.BatchView;
import org.boltzmann4j.model.GenerativeModel;
import org.boltzmann4j.model.SymmetrizedModel;
import org.boltzmann4j.system.SymmetryGroup;
import org.boltzmann4j.testing.Enumeration;
import org.boltzmann4j.testing.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hierarchical autoregressive network: its order covers the torus once, q sums to one over all
 * 2^16 states of a 4 × 4 torus (alone and sign-flip averaged), sampled, regenerated and batched ln q
 * agree, and the gradient matches finite differences.
 */
class HanTest {

    @ParameterizedTest
    @CsvSource({"8, 8, 4", "16, 16, 5", "5, 7, 0", "1, 6, 1", "2, 2, 2", "4, 4, 3"})
    void orderVisitsEverySiteOnceWithOneNetworkPerRegionShape(int rows, int cols, int networks) {
        Han han = new Han(rows, cols, 4, 1, 0.01, 10, 1);
        int[] order = han.siteOrder();
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < rows * cols; i++) {
            assertEquals(i, sorted[i], "site " + i + " once in the order");
        }
        for (int c = 0; c < cols; c++) {
            assertEquals(c, order[c], "row 0 first");
        }
        if (networks > 0) {
            assertEquals(networks, han.networks(), "border network plus one per level for L a power of two");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void probabilitiesSumToOneOnA4x4Torus(int layers) {
        Han han = Models.skewedHan(4, 4, layers, 11);
        byte[] all = Enumeration.all(16);
        double[] logq = new double[1 << 16];
        han.logDensity(all, 1 << 16, logq);
        double[] untrained = new double[1 << 16];
        new Han(4, 4, 8, layers, 0.2, Double.POSITIVE_INFINITY, 11).logDensity(all, 1 << 16, untrained);
        double moved = 0;
        for (int c = 0; c < logq.length; c++) {
            moved = Math.max(moved, Math.abs(logq[c] - untrained[c]));
        }
        assertTrue(moved > 1, "training must move q far from its start: largest change of ln q " + moved);
        assertEquals(1.0, sumOfExp(logq), 1e-10, "sum of q over 2^16 states");
        GenerativeModel<byte[]> symmetric = new SymmetrizedModel<>(han, signFlip(), BatchView.SPIN, new byte[16]);
        double[] symmetricLogq = new double[1 << 16];
        symmetric.logDensity(all, 1 << 16, symmetricLogq);
        assertEquals(1.0, sumOfExp(symmetricLogq), 1e-10, "sum of the sign-flip average");
    }

    @SuppressWarnings("unchecked")
    private static SymmetryGroup<byte[]> signFlip() {
        return (SymmetryGroup<byte[]>) Models.SPINS.signFlip();
    }

    private static double sumOfExp(double[] logq) {
        double sum = 0;
        for (double l : logq) {
            sum += Math.exp(l);
        }
        return sum;
    }

    @ParameterizedTest
    @CsvSource({"4, 4, 1", "8, 8, 2", "6, 5, 1"})
    void sampledLogDensityEqualsBatched(int rows, int cols, int layers) {
        Han han = Models.skewedHan(rows, cols, layers, 13);
        int d = rows * cols;
        int n = 200;
        byte[] xs = new byte[n * d];
        double[] sampled = new double[n];
        han.sample(n, new SplittableRandom(17), xs, sampled);
        double[] batched = new double[n];
        han.logDensity(xs, n, batched);
        double[] forward = new double[n];
        han.forward(xs, n, forward);
        for (int k = 0; k < n; k++) {
            assertEquals(sampled[k], batched[k], 1e-10 * Math.max(1, Math.abs(sampled[k])), "logDensity, sample " + k);
            assertEquals(sampled[k], forward[k], 1e-10 * Math.max(1, Math.abs(sampled[k])), "forward, sample " + k);
        }
    }

    @Test
    void regeneratedFinestLevelsReportTheirLogDensityAndKeepTheCoarseOnes() {
        Han han = Models.skewedHan(8, 8, 1, 19);
        int d = 64;
        int n = 50;
        byte[] xs = new byte[n * d];
        han.sample(n, new SplittableRandom(23), xs, new double[n]);
        byte[] tail = xs.clone();
        int[] from = new int[n];
        SplittableRandom rng = new SplittableRandom(29);
        for (int k = 0; k < n; k++) {
            from[k] = d - 1 - rng.nextInt(16); // the 4 x 4 = 16 single-site crosses of the finest level, and one more
        }
        double[] logq = new double[n];
        han.sampleTail(tail, n, from, rng, logq);
        double[] batched = new double[n];
        han.logDensity(tail, n, batched);
        int[] order = han.siteOrder();
        int changed = 0;
        for (int k = 0; k < n; k++) {
            assertEquals(batched[k], logq[k], 1e-10 * Math.max(1, Math.abs(batched[k])), "ln q of regenerated " + k);
            boolean moved = false;
            for (int p = 0; p < d; p++) {
                int i = k * d + order[p];
                if (p < from[k]) {
                    assertEquals(xs[i], tail[i], "kept position " + p);
                } else {
                    moved |= xs[i] != tail[i];
                }
            }
            changed += moved ? 1 : 0;
        }
        assertTrue(changed > n / 4, "tails must be regenerated: " + changed + " of " + n);
        int finest = order[d - 1];
        assertTrue(finest / 8 % 2 == 1 && finest % 8 % 2 == 1, "the last position is a finest-level centre (odd row "
                + "and column): site " + finest);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void backwardMatchesFiniteDifferences(int layers) throws Exception {
        Han han = Models.skewedHan(4, 4, layers, 31);
        int n = 5;
        byte[] xs = new byte[n * 16];
        han.sample(n, new SplittableRandom(37), xs, new double[n]);
        double[] c = {0.3, -1.2, 0.7, 0.05, -0.4};
        double[] gradient = new double[han.parameterCount()];
        han.forward(xs, n, new double[n]);
        han.backward(c, gradient);
        Field netsField = Han.class.getDeclaredField("nets");
        netsField.setAccessible(true);
        Made[] nets = (Made[]) netsField.get(han);
        Field thetaField = Made.class.getDeclaredField("theta");
        thetaField.setAccessible(true);
        Field version = Made.class.getDeclaredField("version");
        version.setAccessible(true);
        double h = 1e-6;
        int offset = 0;
        int checked = 0;
        for (Made net : nets) {
            double[] theta = (double[]) thetaField.get(net);
            for (int p = 0; p < theta.length; p++) {
                double g = gradient[offset + p];
                if (theta[p] == 0 && g == 0) {
                    continue; // a masked weight
                }
                double saved = theta[p];
                theta[p] = saved + h;
                version.setLong(net, version.getLong(net) + 1);
                double plus = weighted(han, xs, n, c);
                theta[p] = saved - h;
                version.setLong(net, version.getLong(net) + 1);
                double minus = weighted(han, xs, n, c);
                theta[p] = saved;
                version.setLong(net, version.getLong(net) + 1);
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, g, 1e-6 * Math.max(1, Math.abs(numeric)), "parameter " + (offset + p));
                checked++;
            }
            offset += theta.length;
        }
        assertEquals(han.parameterCount(), offset);
        assertTrue(checked > offset / 4, "most parameters must have a gradient: " + checked + " of " + offset);
    }

    private static double weighted(Han han, byte[] xs, int n, double[] c) {
        double[] logq = new double[n];
        han.logDensity(xs, n, logq);
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += c[k] * logq[k];
        }
        return s;
    }

    @Test
    void parameterCountIsKnownBeforeBuildingAndGrowsLikeTheLattice() {
        for (int[] shape : new int[][] {{4, 4}, {8, 8}, {16, 16}, {5, 7}, {12, 9}}) {
            int r = shape[0];
            int c = shape[1];
            for (int layers = 0; layers <= 2; layers++) {
                assertEquals(new Han(r, c, 16, layers, 0.01, 10, 1).parameterCount(), Han.parameterCount(r, c, 16, layers),
                        r + "x" + c + ", " + layers + " layers");
            }
        }
        long at256 = Han.parameterCount(256, 256, 64, 1);
        long at512 = Han.parameterCount(512, 512, 64, 1);
        assertTrue(at512 < 5 * at256, "parameters grow about like L^2 per level, not L^4: " + at256 + " -> " + at512);
        assertEquals(4.0, Han.trainingBytes(128, 128, 64, 1, 256) / (double) Han.trainingBytes(64, 64, 64, 1, 256), 0.5,
                "a training batch's activations grow like L^2");
    }

    @Test
    void saveAndLoadKeepLogDensityExactly(@TempDir Path dir) {
        Han han = Models.skewedHan(6, 6, 2, 41);
        han.save(dir);
        Han loaded = Han.load(dir);
        byte[] xs = Models.skewedSpins(36, 100, new SplittableRandom(43));
        double[] a = new double[100];
        double[] b = new double[100];
        han.logDensity(xs, 100, a);
        loaded.logDensity(xs, 100, b);
        for (int k = 0; k < 100; k++) {
            assertEquals(a[k], b[k], 0, "ln q of the reloaded model");
        }
    }

    /**
     * Flipping the centre of a 2 × 2 region changes only that region's conditional; moved from 4 × 4
     * onto 8 × 8, the network of that shape gives the same change of ln q for the same region and ring.
     * On the same lattice the move is an exact copy, and training the copy leaves the original as it was.
     */
    @Test
    void movedOntoALargerTorusKeepsTheConditionalsOfSharedRegionShapes() {
        Han small = Models.skewedHan(4, 4, 1, 51);
        Han large = small.onLattice(8, 8, 52);
        SplittableRandom rng = new SplittableRandom(54);
        for (int trial = 0; trial < 32; trial++) {
            byte[] x = Models.skewedSpins(64, 1, rng);
            byte[] y = Models.skewedSpins(16, 1, rng);
            int r0 = 2 * rng.nextInt(4);
            int c0 = 2 * rng.nextInt(4);
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    y[r * 4 + c] = x[((r0 + r) % 8) * 8 + (c0 + c) % 8];
                }
            }
            double change = flipChange(large, x, (r0 + 1) * 8 + c0 + 1);
            assertEquals(flipChange(small, y, 4 + 1), change, 1e-10, "region at (" + r0 + ", " + c0 + ")");
            assertTrue(Math.abs(change) > 1e-3, "the trained conditional depends on the flipped spin");
        }
        Han copy = small.onLattice(4, 4, 55);
        byte[] xs = Models.skewedSpins(16, 64, new SplittableRandom(56));
        double[] a = new double[64];
        double[] b = new double[64];
        small.logDensity(xs, 64, a);
        copy.logDensity(xs, 64, b);
        assertArrayEquals(a, b, 0, "the same lattice: an exact copy");
        copy.maximumLikelihoodStep(xs, 64);
        small.logDensity(xs, 64, b);
        assertArrayEquals(a, b, 0, "training the copy leaves the original unchanged");
        double[] sampledLogq = new double[16];
        byte[] drawn = new byte[16 * 64];
        large.sample(16, new SplittableRandom(57), drawn, sampledLogq);
        double[] batched = new double[16];
        large.logDensity(drawn, 16, batched);
        assertArrayEquals(sampledLogq, batched, 1e-10, "the moved model's samples carry their ln q");
    }

    private static double flipChange(Han han, byte[] x, int site) {
        byte[] both = new byte[2 * x.length];
        System.arraycopy(x, 0, both, 0, x.length);
        System.arraycopy(x, 0, both, x.length, x.length);
        both[x.length + site] *= -1;
        double[] logq = new double[2];
        han.logDensity(both, 2, logq);
        return logq[0] - logq[1];
    }

    /** Sampling and gradients run in parallel; the numbers must not depend on how many threads ran them. */
    @Test
    void samplesAndGradientsDoNotDependOnTheNumberOfThreads() throws Exception {
        Han han = Models.skewedHan(8, 8, 1, 61);
        Object[] one = new ForkJoinPool(1).submit(() -> sampleAndDifferentiate(han)).get();
        Object[] three = new ForkJoinPool(3).submit(() -> sampleAndDifferentiate(han)).get();
        for (int i = 0; i < one.length; i++) {
            assertTrue(Objects.deepEquals(one[i], three[i]), "part " + i + " identical on 1 and 3 threads");
        }
    }

    private static Object[] sampleAndDifferentiate(Han han) {
        int n = 70; // not a multiple of the sampling block
        byte[] xs = new byte[n * 64];
        double[] logq = new double[n];
        han.sample(n, new SplittableRandom(62), xs, logq);
        double[] batched = new double[n];
        han.forward(xs, n, batched);
        double[] gradient = new double[han.parameterCount()];
        double[] c = new double[n];
        Arrays.fill(c, 1.0 / n);
        han.backward(c, gradient);
        return new Object[] {xs, logq, batched, gradient};
    }

    @Test
    void refusesALatticeWithoutTwoSites() {
        assertThrows(B4jException.class, () -> new Han(1, 1, 4, 1, 0.01, 10, 1));
    }
}
