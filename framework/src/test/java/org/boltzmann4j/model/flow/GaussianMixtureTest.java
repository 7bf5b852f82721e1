package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mixture of Gaussians: ln q in closed form, its gradient, its sampled weights, and a flow saved on it. */
class GaussianMixtureTest {

    private static final int D = 3;
    private static final GaussianPrecision A = new GaussianPrecision(new double[] {1.5, 0, -1}, Flows.spd(D, 11));
    private static final GaussianPrecision B = new GaussianPrecision(new double[] {-1.5, 0.5, 1}, Flows.spd(D, 12));
    private static final GaussianMixture MIXTURE = new GaussianMixture(List.of(A, B),
            new double[] {Math.log(0.3), Math.log(0.7)});

    @Test
    void logDensityIsTheLogOfTheWeightedSum() {
        int n = 6;
        double[] z = Flows.gaussian(n * D, 1.5, 3);
        double[] q = new double[n];
        double[] a = new double[n];
        double[] b = new double[n];
        MIXTURE.logDensity(z, n, q);
        A.logDensity(z, n, a);
        B.logDensity(z, n, b);
        for (int k = 0; k < n; k++) {
            assertEquals(Math.log(0.3 * Math.exp(a[k]) + 0.7 * Math.exp(b[k])), q[k], 1e-12);
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        int n = 4;
        double[] z = Flows.gaussian(n * D, 1.0, 5);
        double[] logp = new double[n];
        double[] gradient = new double[n * D];
        MIXTURE.logDensityAndGradient(z, n, logp, gradient);
        double h = 1e-6;
        double[] plus = new double[n];
        double[] minus = new double[n];
        for (int i = 0; i < n * D; i++) {
            double keep = z[i];
            z[i] = keep + h;
            MIXTURE.logDensity(z, n, plus);
            z[i] = keep - h;
            MIXTURE.logDensity(z, n, minus);
            z[i] = keep;
            int k = i / D;
            assertEquals((plus[k] - minus[k]) / (2 * h), gradient[i], 1e-7, "coordinate " + i);
        }
    }

    @Test
    void samplesCarryTheirLogDensityAndTheWeights() {
        int n = 40_000;
        double[] z = new double[n * D];
        double[] logp = new double[n];
        MIXTURE.sample(n, new SplittableRandom(7), z, logp);
        double[] check = new double[n];
        MIXTURE.logDensity(z, n, check);
        int positive = 0;
        for (int k = 0; k < n; k++) {
            assertEquals(check[k], logp[k], 1e-12);
            if (z[k * D] > 0) {
                positive++;
            }
        }
        double expected = 0.3 * positive(A) + 0.7 * positive(B);
        assertEquals(expected, positive / (double) n, 5 * Math.sqrt(expected * (1 - expected) / n));
    }

    /** P(z0 > 0) under one component, from its marginal N(μ0, (P⁻¹)00). */
    private static double positive(GaussianPrecision g) {
        double[] p = g.precision();
        RealMatrix m = MatrixUtils.createRealMatrix(D, D);
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                m.setEntry(i, j, p[i * D + j]);
            }
        }
        double sd = Math.sqrt(MatrixUtils.inverse(m).getEntry(0, 0));
        return 0.5 * Erf.erfc(-g.mean()[0] / (sd * Math.sqrt(2)));
    }

    @Test
    void aFlowOnAMixtureSavesAndReloadsIt(@TempDir Path dir) {
        RealNvp flow = RealNvp.create(new RealNvpConfig(D, 8, 2, false, 1e-3, 10, 3), MIXTURE, 4);
        Flows.randomize(flow, 0.3, 9);
        flow.save(dir);
        RealNvp loaded = RealNvp.load(dir);
        int n = 5;
        double[] x = Flows.gaussian(n * D, 1.2, 10);
        double[] q1 = new double[n];
        double[] q2 = new double[n];
        flow.logDensity(x, n, q1);
        loaded.logDensity(x, n, q2);
        for (int k = 0; k < n; k++) {
            assertEquals(q1[k], q2[k], 0);
        }
    }
}
