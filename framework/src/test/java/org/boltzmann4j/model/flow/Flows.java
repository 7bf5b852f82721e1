package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import org.boltzmann4j.model.BatchEnergyGradient;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/** Helpers shared by the flow tests. */
final class Flows {

    private Flows() {
    }

    /** Adds N(0, scale²) noise to every parameter, the zero-initialized output layers included. */
    static void randomize(CouplingFlow flow, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] p = flow.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] += scale * rng.nextGaussian();
        }
        flow.parametersChanged();
    }

    static double[] gaussian(int count, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[count];
        for (int i = 0; i < x.length; i++) {
            x[i] = scale * rng.nextGaussian();
        }
        return x;
    }

    /** A d × d symmetric positive definite matrix, row-major: A Aᵀ / d + I. */
    static double[] spd(int d, long seed) {
        double[] a = gaussian(d * d, 1, seed);
        double[] p = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sum = i == j ? 1 : 0;
                for (int k = 0; k < d; k++) {
                    sum += a[i * d + k] * a[j * d + k] / d;
                }
                p[i * d + j] = sum;
            }
        }
        return p;
    }

    /** U(x) = ½ (x − μ)ᵀ A (x − μ). */
    static BatchEnergyGradient quadratic(double[] a, double[] mu) {
        int d = mu.length;
        return (xs, n, u, gradients) -> {
            for (int k = 0; k < n; k++) {
                double e = 0;
                for (int i = 0; i < d; i++) {
                    double g = 0;
                    for (int j = 0; j < d; j++) {
                        g += a[i * d + j] * (xs[k * d + j] - mu[j]);
                    }
                    gradients[k * d + i] = g;
                    e += 0.5 * g * (xs[k * d + i] - mu[i]);
                }
                u[k] = e;
            }
        };
    }

    /** A non-Gaussian chain: U(x) = Σ (x_i² − 1)² / 4 + 0.3 Σ x_i x_{i+1}. */
    static BatchEnergyGradient doubleWellChain(int d) {
        return (xs, n, u, gradients) -> {
            for (int k = 0; k < n; k++) {
                double e = 0;
                for (int i = 0; i < d; i++) {
                    double x = xs[k * d + i];
                    e += 0.25 * (x * x - 1) * (x * x - 1);
                    gradients[k * d + i] = x * (x * x - 1);
                }
                for (int i = 0; i + 1 < d; i++) {
                    e += 0.3 * xs[k * d + i] * xs[k * d + i + 1];
                    gradients[k * d + i] += 0.3 * xs[k * d + i + 1];
                    gradients[k * d + i + 1] += 0.3 * xs[k * d + i];
                }
                u[k] = e;
            }
        };
    }

    /**
     * Fourth-order central differences: the activations are accurate to ~1e-14, not to the last bit;
     * a step small enough for the steep maximum-likelihood loss of randomized convolutional flows.
     */
    private static final double STEP = 2.5e-4;
    private static final double[] STENCIL = {-2, -1, 1, 2};

    /** Every component of the analytic gradient that {@code loss} leaves against finite differences of it. */
    static void checkGradient(CouplingFlow flow, DoubleSupplier loss) {
        checkGradient(flow.parameters(), flow.gradient(), flow::parametersChanged, loss);
    }

    /**
     * The same for any model: {@code p} its live parameters, {@code gradient} where {@code loss}
     * leaves the analytic gradient, {@code changed} run after every write to p.
     */
    static void checkGradient(double[] p, double[] gradient, Runnable changed, DoubleSupplier loss) {
        loss.getAsDouble();
        double[] analytic = gradient.clone();
        double scale = 0;
        for (double g : analytic) {
            scale = Math.max(scale, Math.abs(g));
        }
        double worst = 0;
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            double[] at = new double[4];
            for (int j = 0; j < 4; j++) {
                p[i] = keep + STENCIL[j] * STEP;
                changed.run();
                at[j] = loss.getAsDouble();
            }
            p[i] = keep;
            double numeric = (8 * (at[2] - at[1]) - (at[3] - at[0])) / (12 * STEP);
            worst = Math.max(worst, Math.abs(numeric - analytic[i]) / (Math.abs(numeric) + 1e-3 * scale));
        }
        changed.run();
        assertTrue(scale > 1e-2, "gradient is not trivially small: " + scale);
        assertTrue(worst < 1e-6, "worst relative gradient error " + worst);
    }

    /** ln |det ∂f/∂z| with the Jacobian from fourth-order central differences. */
    static double logAbsDetJacobian(CouplingFlow flow, double[] z) {
        int d = z.length;
        double h = 1e-4;
        RealMatrix jacobian = MatrixUtils.createRealMatrix(d, d);
        double[][] at = new double[4][d];
        double[] stencil = {-2, -1, 1, 2};
        double[] scratch = new double[1];
        for (int j = 0; j < d; j++) {
            for (int s = 0; s < 4; s++) {
                double[] zz = z.clone();
                zz[j] += stencil[s] * h;
                flow.forward(zz, 1, at[s], scratch);
            }
            for (int i = 0; i < d; i++) {
                jacobian.setEntry(i, j, (8 * (at[2][i] - at[1][i]) - (at[3][i] - at[0][i])) / (12 * h));
            }
        }
        return Math.log(Math.abs(new LUDecomposition(jacobian).getDeterminant()));
    }

    /**
     * inverse(forward(z)) = z to 1e-10 with opposite log-determinants, for n points z ~ N(0, 1.3²), and
     * the map moves some coordinate by more than {@code minMove} (it is not the identity).
     */
    static void checkInverse(CouplingFlow flow, int n, double minMove) {
        int d = flow.dimension();
        double[] z = gaussian(n * d, 1.3, 2);
        double[] x = new double[n * d];
        double[] back = new double[n * d];
        double[] forwardLogDet = new double[n];
        double[] inverseLogDet = new double[n];
        flow.forward(z, n, x, forwardLogDet);
        flow.inverse(x, n, back, inverseLogDet);
        double moved = 0;
        for (int i = 0; i < n * d; i++) {
            moved = Math.max(moved, Math.abs(x[i] - z[i]));
            assertEquals(z[i], back[i], 1e-10);
        }
        assertTrue(moved > minMove, "the map moves points: " + moved);
        for (int k = 0; k < n; k++) {
            assertEquals(0, forwardLogDet[k] + inverseLogDet[k], 1e-10);
        }
    }
}
