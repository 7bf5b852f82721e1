package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The map f, its inverse and its log-Jacobian, at random non-identity parameters. */
class RealNvpTransformTest {

    private static RealNvp randomFlow(int d, int hidden, int couplings, double scaleBound, boolean float32) {
        RealNvp flow = RealNvp.create(new RealNvpConfig(d, hidden, couplings, float32, 1e-3, 10, scaleBound),
                new StandardNormal(d), 5);
        Flows.randomize(flow, 0.5, 9);
        return flow;
    }

    @Test
    void logDensityIsBaseDensityMinusLogJacobianFromFiniteDifferences() {
        for (int d : new int[] {5, 6}) {
            RealNvp flow = randomFlow(d, 8, 4, 2, false);
            int n = 4;
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

    @Test
    void inverseUndoesForward() {
        for (int d : new int[] {5, 6}) {
            Flows.checkInverse(randomFlow(d, 8, 6, 3, false), 50, 0.5);
        }
    }

    /** The float32 maximum-likelihood gradient of the same weights agrees with float64 (ln q and samples: ModelContractTest). */
    @Test
    void float32GradientAgreesWithFloat64() {
        int d = 6;
        RealNvp f64 = randomFlow(d, 16, 4, 2, false);
        RealNvp f32 = f64.withFloat32(true);
        int n = 100;
        double[] xs = Flows.gaussian(n * d, 1.5, 3);
        double loss64 = f64.maximumLikelihoodGradient(xs, n);
        double loss32 = f32.maximumLikelihoodGradient(xs, n);
        assertEquals(loss64, loss32, 1e-4 * Math.abs(loss64));
        double[] g64 = f64.gradient();
        double[] g32 = f32.gradient();
        double norm = 0;
        double diff = 0;
        for (int i = 0; i < g64.length; i++) {
            norm += g64[i] * g64[i];
            diff += (g64[i] - g32[i]) * (g64[i] - g32[i]);
        }
        assertTrue(Math.sqrt(diff) < 1e-4 * Math.sqrt(norm), "float32 gradient off by " + Math.sqrt(diff / norm));
    }
}
