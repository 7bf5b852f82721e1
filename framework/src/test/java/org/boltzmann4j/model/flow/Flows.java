package org.boltzmann4j.model.flow;

import java.util.SplittableRandom;

import org.boltzmann4j.model.BatchEnergyGradient;

/** Helpers shared by the flow tests. */
final class Flows {

    private Flows() {
    }

    /** Adds N(0, scale²) noise to every parameter, the zero-initialized output layers included. */
    static void randomize(RealNvp flow, double scale, long seed) {
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
}
