package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The convolutional checkerboard flow at random non-identity weights, with affine and with spline
 * couplings: its log-Jacobian, inverse, symmetries and gradients (sampling, density and saving:
 * ModelContractTest).
 */
class ConvFlowTest {

    /** Affine couplings (0) and splines of 4 bins on [−1.5, 1.5], so that base samples also reach the identity tails. */
    private static final int[] BINS = {0, 4};

    private static ConvFlowConfig config(int rows, int cols, boolean z2, int bins) {
        return new ConvFlowConfig(rows, cols, 4, 4, z2, false, 1e-3, 10, 2, bins, 1.5);
    }

    private static ConvFlow randomFlow(int rows, int cols, boolean z2, BaseDistribution base, int bins) {
        ConvFlow flow = ConvFlow.create(config(rows, cols, z2, bins), base, 5);
        Flows.randomize(flow, bins > 0 ? 0.15 : 0.3, 9);
        return flow;
    }

    private static ConvFlow randomFlow(int rows, int cols, boolean z2, int bins) {
        return randomFlow(rows, cols, z2, new StandardNormal(rows * cols), bins);
    }

    @Test
    void logDensityIsBaseDensityMinusLogJacobianFromFiniteDifferences() {
        for (int bins : BINS) {
          for (boolean z2 : new boolean[] {false, true}) {
            ConvFlow flow = randomFlow(4, 4, z2, bins);
            int d = 16;
            int n = 3;
            double[] xs = new double[n * d];
            double[] logq = new double[n];
            flow.sample(n, new SplittableRandom(1), xs, logq);
            double[] z = new double[n * d];
            double[] inverseLogDet = new double[n];
            flow.inverse(xs, n, z, inverseLogDet);
            double[] logp = new double[n];
            flow.base().logDensity(z, n, logp);
            double[] again = new double[n];
            flow.logDensity(xs, n, again);
            for (int k = 0; k < n; k++) {
                double[] zk = new double[d];
                System.arraycopy(z, k * d, zk, 0, d);
                double logDet = Flows.logAbsDetJacobian(flow, zk);
                assertTrue(Math.abs(logDet) > 0.1, "the map is far from volume preserving: " + logDet);
                assertEquals(logp[k] - logDet, logq[k], 1e-7);
                assertEquals(logq[k], again[k], 1e-10);
                assertEquals(-logDet, inverseLogDet[k], 1e-7);
            }
          }
        }
    }

    @Test
    void inverseUndoesForward() {
        for (int bins : BINS) {
            for (int[] shape : new int[][] {{4, 4}, {3, 5}}) {
                Flows.checkInverse(randomFlow(shape[0], shape[1], shape[0] == 4, bins), 20, 0.3);
            }
        }
    }

    /**
     * Translations (dx, dy) with dx + dy even keep the checkerboard: f(T z) = T f(z) and
     * ln q(T x) = ln q(x) to rounding; the odd translation (1, 0) swaps the colours and breaks both.
     */
    @Test
    void equivariantUnderCheckerboardTranslations() {
        int rows = 4;
        int cols = 6;
        int d = rows * cols;
        int n = 5;
        for (int bins : BINS) {
        ConvFlow flow = randomFlow(rows, cols, bins > 0, bins);
        double[] z = Flows.gaussian(n * d, 1.2, 4);
        double[] x = map(flow, z, n);
        double[] logq = logq(flow, x, n);
        for (int[] shift : new int[][] {{1, 1}, {2, 0}, {0, 2}, {3, 1}, {5, 3}}) {
            double[] shiftedX = map(flow, translate(z, n, rows, cols, shift[0], shift[1]), n);
            double[] expected = translate(x, n, rows, cols, shift[0], shift[1]);
            for (int i = 0; i < n * d; i++) {
                assertEquals(expected[i], shiftedX[i], 1e-12, "f(T z) = T f(z) for shift " + shift[0] + "," + shift[1]);
            }
            double[] shifted = logq(flow, expected, n);
            for (int k = 0; k < n; k++) {
                assertEquals(logq[k], shifted[k], 1e-12 * Math.max(1, Math.abs(logq[k])));
            }
        }
        double[] odd = logq(flow, translate(x, n, rows, cols, 1, 0), n);
        assertTrue(Math.abs(odd[0] - logq[0]) > 1e-4, "an odd translation is not a symmetry: " + (odd[0] - logq[0]));
        }
    }

    /** With z2, f(−z) = −f(z) and ln q(−x) = ln q(x) to rounding, on a Gaussian base symmetric about 0; without, not. */
    @Test
    void z2EquivariantWhenAsked() {
        int d = 16;
        int n = 5;
        BaseDistribution base = new GaussianPrecision(new double[d], Flows.spd(d, 6));
        for (int bins : BINS) {
          for (boolean z2 : new boolean[] {true, false}) {
            ConvFlow flow = randomFlow(4, 4, z2, base, bins);
            double[] z = Flows.gaussian(n * d, 1.2, 7);
            double[] x = map(flow, z, n);
            double[] flipped = map(flow, negate(z), n);
            double[] logq = logq(flow, x, n);
            double[] logqFlipped = logq(flow, negate(x), n);
            double worst = 0;
            for (int i = 0; i < n * d; i++) {
                worst = Math.max(worst, Math.abs(x[i] + flipped[i]));
            }
            for (int k = 0; k < n; k++) {
                worst = Math.max(worst, Math.abs(logq[k] - logqFlipped[k]) / Math.max(1, Math.abs(logq[k])));
            }
            if (z2) {
                assertTrue(worst < 1e-12, "z2: f(-z) = -f(z) and ln q(-x) = ln q(x), off by " + worst);
            } else {
                assertTrue(worst > 1e-4, "without z2 the flow is not odd: " + worst);
            }
          }
        }
    }

    /**
     * On a 4 × 4 field tiled twice in each direction, the flow moved onto 8 × 8 is the 4 × 4 map
     * tiled: its convolutions see the same neighbourhoods; the log-Jacobian is four times as large.
     */
    @Test
    void movedOntoALargerLatticeItIsTheSameLocalMap() {
        for (int bins : BINS) {
          for (boolean z2 : new boolean[] {false, true}) {
            ConvFlow small = randomFlow(4, 4, z2, bins);
            ConvFlow large = small.onLattice(8, 8, new StandardNormal(64));
            assertEquals(config(8, 8, z2, bins), large.config());
            int n = 3;
            double[] z = Flows.gaussian(n * 16, 1.2, 13);
            double[] logDet = new double[n];
            double[] x = new double[n * 16];
            small.forward(z, n, x, logDet);
            double[] tiledZ = tile(z, n);
            double[] largeLogDet = new double[n];
            double[] largeX = new double[n * 64];
            large.forward(tiledZ, n, largeX, largeLogDet);
            double[] tiledX = tile(x, n);
            for (int i = 0; i < n * 64; i++) {
                assertEquals(tiledX[i], largeX[i], 1e-12, "site " + i);
            }
            for (int k = 0; k < n; k++) {
                assertTrue(Math.abs(logDet[k]) > 0.1, "a non-trivial map: " + logDet[k]);
                assertEquals(4 * logDet[k], largeLogDet[k], 1e-11);
            }
          }
        }
    }

    /** n 4 × 4 fields, each tiled twice in both directions onto 8 × 8. */
    private static double[] tile(double[] a, int n) {
        double[] b = new double[n * 64];
        for (int k = 0; k < n; k++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    b[k * 64 + y * 8 + x] = a[k * 16 + (y % 4) * 4 + x % 4];
                }
            }
        }
        return b;
    }

    @Test
    void maximumLikelihoodGradientMatchesFiniteDifferences() {
        for (int bins : BINS) {
            for (boolean z2 : new boolean[] {false, true}) {
                ConvFlow flow = randomFlow(4, 4, z2,
                        new GaussianPrecision(Flows.gaussian(16, 0.3, 1), Flows.spd(16, 3)), bins);
                double[] xs = Flows.gaussian(5 * 16, 0.5, 11);
                Flows.checkGradient(flow, () -> flow.maximumLikelihoodGradient(xs, 5));
            }
        }
    }

    /** Seed 22: seed 21 puts a spline site within the difference stencil of a knot, where ln T' has a kink. */
    @Test
    void reverseKlGradientMatchesFiniteDifferences() {
        for (int bins : BINS) {
            for (boolean z2 : new boolean[] {false, true}) {
                ConvFlow flow = randomFlow(3, 4, z2, bins);
                Flows.checkGradient(flow,
                        () -> flow.reverseKlGradient(6, new SplittableRandom(22), Flows.doubleWellChain(12)));
            }
        }
    }

    private static double[] map(ConvFlow flow, double[] z, int n) {
        double[] x = new double[z.length];
        flow.forward(z, n, x, new double[n]);
        return x;
    }

    private static double[] logq(ConvFlow flow, double[] x, int n) {
        double[] logq = new double[n];
        flow.logDensity(x, n, logq);
        return logq;
    }

    private static double[] negate(double[] a) {
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = -a[i];
        }
        return b;
    }

    /** The field moved by (dx, dy): site (x, y) goes to (x + dx, y + dy) on the torus. */
    private static double[] translate(double[] a, int n, int rows, int cols, int dx, int dy) {
        int d = rows * cols;
        double[] b = new double[a.length];
        for (int k = 0; k < n; k++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    b[k * d + ((y + dy) % rows) * cols + (x + dx) % cols] = a[k * d + y * cols + x];
                }
            }
        }
        return b;
    }
}
