package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class GaussianPrecisionTest {

    private static final int D = 4;
    private static final double[] MEAN = {0.5, -1, 2, 0};

    private static RealMatrix matrix(double[] p) {
        RealMatrix m = MatrixUtils.createRealMatrix(D, D);
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                m.setEntry(i, j, p[i * D + j]);
            }
        }
        return m;
    }

    @Test
    void logDensityAndGradientMatchTheClosedForm() {
        checkClosedForm(Flows.spd(D, 3));
    }

    /** A banded precision (a chain's Hessian) takes the banded path: the same numbers. */
    @Test
    void aTridiagonalPrecisionMatchesTheClosedForm() {
        double[] p = new double[D * D];
        for (int i = 0; i < D; i++) {
            p[i * D + i] = 2.5 + 0.1 * i;
            if (i + 1 < D) {
                p[i * D + i + 1] = -1;
                p[(i + 1) * D + i] = -1;
            }
        }
        checkClosedForm(p);
    }

    private static void checkClosedForm(double[] p) {
        RealMatrix pm = matrix(p);
        GaussianPrecision base = new GaussianPrecision(MEAN, p);
        int n = 5;
        double[] z = Flows.gaussian(n * D, 1.2, 8);
        double[] logp = new double[n];
        double[] gradient = new double[n * D];
        base.logDensityAndGradient(z, n, logp, gradient);
        double norm = 0.5 * Math.log(new LUDecomposition(pm).getDeterminant()) - 0.5 * D * Math.log(2 * Math.PI);
        for (int k = 0; k < n; k++) {
            double[] zk = new double[D];
            for (int i = 0; i < D; i++) {
                zk[i] = z[k * D + i] - MEAN[i];
            }
            double[] pz = pm.operate(zk);
            double quad = 0;
            for (int i = 0; i < D; i++) {
                quad += zk[i] * pz[i];
                assertEquals(-pz[i], gradient[k * D + i], 1e-12);
            }
            assertEquals(norm - 0.5 * quad, logp[k], 1e-12);
        }
    }

    @Test
    void samplesHaveTheMeanTheInverseCovarianceAndTheirLogDensity() {
        double[] p = Flows.spd(D, 5);
        double[] covariance = flatten(MatrixUtils.inverse(matrix(p)));
        GaussianPrecision base = new GaussianPrecision(MEAN, p);
        int n = 100_000;
        double[] z = new double[n * D];
        double[] logp = new double[n];
        base.sample(n, new SplittableRandom(6), z, logp);
        double[] check = new double[n];
        base.logDensity(z, n, check);
        for (int k = 0; k < n; k += 997) {
            assertEquals(check[k], logp[k], 1e-10);
        }
        for (int i = 0; i < D; i++) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += z[k * D + i];
            }
            assertEquals(MEAN[i], sum / n, 5 * Math.sqrt(covariance[i * D + i] / n), "mean " + i);
        }
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += (z[k * D + i] - MEAN[i]) * (z[k * D + j] - MEAN[j]);
                }
                double c = covariance[i * D + j];
                double se = Math.sqrt((covariance[i * D + i] * covariance[j * D + j] + c * c) / n);
                assertEquals(c, sum / n, 5 * se, "covariance " + i + "," + j);
            }
        }
    }

    private static double[] flatten(RealMatrix m) {
        double[] a = new double[D * D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                a[i * D + j] = m.getEntry(i, j);
            }
        }
        return a;
    }

    @Test
    void rejectsMatricesThatAreNotPositiveDefinite() {
        double[] p = {1, 2, 2, 1};
        B4jException e = assertThrows(B4jException.class, () -> new GaussianPrecision(p, 2));
        assertEquals(B4jException.Kind.BAD_INPUT, e.kind());
    }
}
