package org.boltzmann4j.systems.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.boltzmann4j.core.B4jException;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.junit.jupiter.api.Test;

class Phi4ChainExactTest {

    /** Brute-force quadrature for N = 2 or 3 straight from the energy. */
    private static final class BruteForce {
        final int n;
        final double beta;
        final double a;
        final double h;
        final double dx;
        final double step = 0.025;
        final double[] grid;

        BruteForce(int n, double beta, double a, double h) {
            this.n = n;
            this.beta = beta;
            this.a = a;
            this.h = h;
            this.dx = 1.0 / (n + 1);
            grid = new double[201];
            for (int k = 0; k < grid.length; k++) {
                grid[k] = -2.5 + k * step;
            }
        }

        double energy(double[] phi) {
            double grad = 0;
            double prev = 0;
            for (int i = 0; i <= n; i++) {
                double cur = i < n ? phi[i] : 0;
                grad += (cur - prev) * (cur - prev);
                prev = cur;
            }
            double pot = 0;
            double lin = 0;
            for (double p : phi) {
                pot += (1 - p * p) * (1 - p * p);
                lin += p;
            }
            return beta * (a / (2 * dx) * grad + dx / (4 * a) * pot + h * dx * lin);
        }

        /** exp(-U) summed over the other coordinates, phi_mid fixed (mid = 1 for N=2, 2 for N=3). */
        double marginal(double x) {
            double s = 0;
            double[] phi = new double[n];
            for (double p : grid) {
                if (n == 2) {
                    phi[0] = x;
                    phi[1] = p;
                    s += Math.exp(-energy(phi));
                } else {
                    for (double q : grid) {
                        phi[0] = p;
                        phi[1] = x;
                        phi[2] = q;
                        s += Math.exp(-energy(phi));
                    }
                }
            }
            return s * Math.pow(step, n - 1);
        }

        double lnZ() {
            double s = 0;
            for (double x : grid) {
                s += marginal(x);
            }
            return Math.log(s * step);
        }

        double probabilityMidPositive() {
            double pos = 0;
            double neg = 0;
            GaussIntegratorFactory factory = new GaussIntegratorFactory();
            for (int panel = 0; panel < 10; panel++) { // 16-point Gauss-Legendre on panels of 0.25
                pos += factory.legendre(16, 0.25 * panel, 0.25 * (panel + 1)).integrate(this::marginal);
                neg += factory.legendre(16, -0.25 * (panel + 1), -0.25 * panel).integrate(this::marginal);
            }
            return pos / (pos + neg);
        }
    }

    @Test
    void matchesBruteForceQuadratureForTwoAndThreeSites() {
        double[][] cases = {{2, 20, 0.1, 0.3}, {3, 20, 0.1, 0.3}, {3, 5, 0.5, -1.0}, {2, 20, 0.1, 0}};
        for (double[] c : cases) {
            int n = (int) c[0];
            Phi4ChainExact tm = Phi4ChainExact.of(n, c[1], c[2], c[3]);
            BruteForce bf = new BruteForce(n, c[1], c[2], c[3]);
            String label = String.format("N=%d beta=%s a=%s h=%s", n, c[1], c[2], c[3]);
            assertEquals(bf.lnZ(), tm.lnZ(), 1e-9, label);
            assertEquals(bf.probabilityMidPositive(), tm.probabilityMidPositive(), 1e-8, label);
            // density of phi_mid at off-grid points
            double norm = Math.exp(bf.lnZ());
            for (double x : new double[] {-1.013, -0.2, 0.0, 0.77, 1.31}) {
                assertEquals(bf.marginal(x) / norm, tm.midDensity(x), 1e-8 * (1 + tm.midDensity(x)), label + " x=" + x);
            }
        }
    }

    @Test
    void symmetryFixesTheSignOfTheField() {
        Phi4ChainExact even = Phi4ChainExact.of(64, 20, 0.1, 0);
        assertEquals(0.5, even.probabilityMidPositive(), 1e-13);
        for (double m : even.meanPhi()) {
            assertEquals(0, m, 1e-12);
        }
        Phi4ChainExact tilted = Phi4ChainExact.of(64, 20, 0.1, 0.05);
        assertTrue(tilted.probabilityMidPositive() < 0.5);
        assertTrue(tilted.meanPhiMid() < 0);
        double[] mean = tilted.meanPhi();
        for (int i = 0; i < mean.length; i++) {
            assertEquals(mean[i], mean[mean.length - 1 - i], 1e-10, "reflection i -> N+1-i");
        }
        Phi4ChainExact flipped = Phi4ChainExact.of(64, 20, 0.1, -0.05);
        assertEquals(1 - tilted.probabilityMidPositive(), flipped.probabilityMidPositive(), 1e-12);
        assertEquals(tilted.lnZ(), flipped.lnZ(), 1e-10);
    }

    @Test
    void doublingTheGridResolutionChangesNothing() {
        for (int n : new int[] {16, 128}) {
            Phi4ChainExact coarse = Phi4ChainExact.of(n, 20, 0.1, 0.05);
            Phi4ChainExact fine = Phi4ChainExact.of(n, 20, 0.1, 0.05, 2 * Phi4ChainExact.DEFAULT_POINTS_PER_WIDTH);
            assertEquals(fine.lnZ(), coarse.lnZ(), 1e-10, "N=" + n);
            assertEquals(fine.probabilityMidPositive(), coarse.probabilityMidPositive(), 1e-10, "N=" + n);
            assertEquals(fine.meanPhiMid(), coarse.meanPhiMid(), 1e-7, "N=" + n);
            double[] x = {-1.5, -1, 0, 0.5, 1};
            double[] fc = coarse.midFreeEnergy(x);
            double[] ff = fine.midFreeEnergy(x);
            for (int j = 0; j < x.length; j++) {
                assertEquals(ff[j], fc[j], 1e-7);
            }
        }
    }

    @Test
    void gridRangeGrowsForWideFluctuations() {
        Phi4ChainExact hot = Phi4ChainExact.of(4, 1, 0.1, 0.5);
        assertTrue(hot.gridHalfWidth() > 2.5, "half-width " + hot.gridHalfWidth());
        Phi4ChainExact fine = Phi4ChainExact.of(4, 1, 0.1, 0.5, 2 * Phi4ChainExact.DEFAULT_POINTS_PER_WIDTH);
        assertEquals(fine.lnZ(), hot.lnZ(), 1e-10);
        assertEquals(fine.probabilityMidPositive(), hot.probabilityMidPositive(), 1e-10);
    }

    @Test
    void midDensityIsNormalizedAndBinsAddUp() {
        Phi4ChainExact tm = Phi4ChainExact.of(32, 20, 0.1, 0.05);
        double lim = tm.gridHalfWidth();
        double total = 0;
        for (double p : tm.midBinProbabilities(-lim, lim, 50)) {
            total += p;
        }
        assertEquals(1.0, total, 1e-10);
        double positive = 0;
        for (double p : tm.midBinProbabilities(0, lim, 7)) {
            positive += p;
        }
        assertEquals(tm.probabilityMidPositive(), positive, 1e-10);
        double[] f = tm.midFreeEnergy(new double[] {-1, 0, 1});
        assertEquals(0.0, Math.min(f[0], Math.min(f[1], f[2])));
        assertTrue(f[1] > 1, "barrier at 0: " + f[1]);
        assertTrue(f[2] > f[0], "h > 0 favours phi < 0");
        assertEquals(16, tm.midIndex());
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(B4jException.class, () -> Phi4ChainExact.of(0, 20, 0.1, 0));
        assertThrows(B4jException.class, () -> Phi4ChainExact.of(10, -1, 0.1, 0));
        assertThrows(B4jException.class, () -> Phi4ChainExact.of(10, 20, 0.1, Double.NaN));
    }

    @Test
    void referenceValues() {
        double previous = 0.5 + 1e-9;
        for (double h : new double[] {0, 0.02, 0.05, 0.1}) {
            Phi4ChainExact tm = Phi4ChainExact.of(100, 20, 0.1, h);
            System.out.printf("phi4-chain N=100 beta=20 a=0.1 h=%-5s lnZ=%.10f  P(phi_mid>0)=%.10f  <phi_mid>=%.10f%n",
                    h, tm.lnZ(), tm.probabilityMidPositive(), tm.meanPhiMid());
            assertTrue(tm.probabilityMidPositive() < previous);
            previous = tm.probabilityMidPositive();
        }
        for (int n : new int[] {16, 32, 64, 128}) {
            Phi4ChainExact tm = Phi4ChainExact.of(n, 20, 0.1, 0.05);
            System.out.printf("phi4-chain N=%-4d beta=20 a=0.1 h=0.05  lnZ=%.10f  P(phi_mid>0)=%.10f  <phi_mid>=%.10f%n",
                    n, tm.lnZ(), tm.probabilityMidPositive(), tm.meanPhiMid());
        }
    }
}
