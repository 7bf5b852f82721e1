package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.model.BatchEnergyGradient;
import org.junit.jupiter.api.Test;

/** Training against Gaussians, whose entropy and normalization are known exactly. */
class RealNvpTrainingTest {

    @Test
    void maximumLikelihoodReachesTheEntropyOfA2dGaussian() {
        double[] mu = {1, -2};
        double s00 = 4;
        double s01 = 1.2;
        double s11 = 1;
        double det = s00 * s11 - s01 * s01;
        double entropy = Math.log(2 * Math.PI * Math.E) + 0.5 * Math.log(det);
        // x = μ + L ε with Σ = L Lᵀ
        double l00 = Math.sqrt(s00);
        double l10 = s01 / l00;
        double l11 = Math.sqrt(s11 - l10 * l10);
        SplittableRandom data = new SplittableRandom(17);
        RealNvp flow = RealNvp.create(new RealNvpConfig(2, 16, 4, false, 5e-3, 10, 3), new StandardNormal(2), 1);
        int n = 256;
        double[] xs = new double[2 * n];
        double first = 0;
        for (int step = 0; step < 600; step++) {
            draw(data, xs, n, mu, l00, l10, l11);
            double loss = flow.maximumLikelihoodStep(xs, n);
            if (step == 0) {
                first = loss;
            }
        }
        int m = 40_000;
        double[] test = new double[2 * m];
        double[] logq = new double[m];
        draw(data, test, m, mu, l00, l10, l11);
        flow.logDensity(test, m, logq);
        double mean = 0;
        for (double v : logq) {
            mean -= v / m;
        }
        double standardError = 1 / Math.sqrt(m);
        assertTrue(first > entropy + 2, "training starts far from the entropy: " + first);
        assertTrue(mean > entropy - 4 * standardError, "cross-entropy " + mean + " below the entropy " + entropy);
        assertEquals(entropy, mean, 0.03);
    }

    private static void draw(SplittableRandom rng, double[] xs, int n, double[] mu, double l00, double l10, double l11) {
        for (int k = 0; k < n; k++) {
            double e0 = rng.nextGaussian();
            double e1 = rng.nextGaussian();
            xs[2 * k] = mu[0] + l00 * e0;
            xs[2 * k + 1] = mu[1] + l10 * e0 + l11 * e1;
        }
    }

    @Test
    void reverseKlReachesTheNormalizationOfAGaussianTarget() {
        int d = 3;
        double[] a = {2.0, 0.6, 0.0, 0.6, 1.0, -0.3, 0.0, -0.3, 0.5};
        double[] mu = {0.5, -1, 2};
        BatchEnergyGradient target = Flows.quadratic(a, mu);
        double logDetA = Math.log(new org.hipparchus.linear.LUDecomposition(
                org.hipparchus.linear.MatrixUtils.createRealMatrix(new double[][] {
                        {2.0, 0.6, 0.0}, {0.6, 1.0, -0.3}, {0.0, -0.3, 0.5}})).getDeterminant());
        double lnZ = 0.5 * d * Math.log(2 * Math.PI) - 0.5 * logDetA;
        RealNvp flow = RealNvp.create(new RealNvpConfig(d, 16, 4, false, 5e-3, 10, 3), new StandardNormal(d), 2);
        SplittableRandom rng = new SplittableRandom(5);
        double first = 0;
        for (int step = 0; step < 800; step++) {
            double loss = flow.reverseKlStep(256, rng, target);
            if (step == 0) {
                first = loss;
            }
        }
        int m = 20_000;
        double[] xs = new double[m * d];
        double[] logq = new double[m];
        double[] u = new double[m];
        flow.sample(m, rng, xs, logq);
        target.energiesAndGradients(xs, m, u, new double[m * d]);
        double mean = 0;
        double sq = 0;
        for (int k = 0; k < m; k++) {
            double w = u[k] + logq[k];
            mean += w / m;
            sq += w * w / m;
        }
        double standardError = Math.sqrt((sq - mean * mean) / m);
        assertTrue(first > -lnZ + 1, "training starts far from -ln Z: " + first);
        assertTrue(mean > -lnZ - 4 * standardError, "upper bound " + mean + " below -ln Z = " + -lnZ);
        assertEquals(-lnZ, mean, 0.02);
    }

    @Test
    void nonFiniteEnergyStopsTraining() {
        RealNvp flow = RealNvp.create(RealNvpConfig.defaults(4), new StandardNormal(4), 1);
        BatchEnergyGradient broken = (xs, n, u, g) -> java.util.Arrays.fill(u, 0, n, Double.NaN);
        B4jException e = assertThrows(B4jException.class, () -> flow.reverseKlStep(8, new SplittableRandom(1), broken));
        assertEquals(B4jException.Kind.FAILURE, e.kind());
    }
}
