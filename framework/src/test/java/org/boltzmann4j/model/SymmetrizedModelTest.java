package org.boltzmann4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.boltzmann4j.system.Symmetries;
import org.boltzmann4j.system.SymmetryGroup;
import org.junit.jupiter.api.Test;

/** Group averaging: invariance, the density reported by sampling, normalization, and sample frequencies. */
class SymmetrizedModelTest {

    /** N(μ, 1) in 2D with μ = (1.5, -0.5): far from symmetric. */
    static final class ShiftedGaussian implements GenerativeModel<double[]> {
        static final double[] MU = {1.5, -0.5};

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public void sample(int n, RandomGenerator rng, double[] xs, double[] logq) {
            for (int k = 0; k < n; k++) {
                xs[2 * k] = MU[0] + rng.nextGaussian();
                xs[2 * k + 1] = MU[1] + rng.nextGaussian();
            }
            logDensity(xs, n, logq);
        }

        @Override
        public void logDensity(double[] xs, int n, double[] logq) {
            for (int k = 0; k < n; k++) {
                double a = xs[2 * k] - MU[0];
                double b = xs[2 * k + 1] - MU[1];
                logq[k] = -0.5 * (a * a + b * b) - Math.log(2 * Math.PI);
            }
        }
    }

    static SymmetrizedModel<double[], double[]> model(boolean withMirror) {
        SymmetryGroup<double[]> group = withMirror
                ? new SymmetryGroup<>(List.of(Symmetries.identity(), Symmetries.signFlip(), Symmetries.mirror(),
                        Symmetries.signFlipMirror()), true)
                : new SymmetryGroup<>(List.of(Symmetries.identity(), Symmetries.signFlip()), true);
        return new SymmetrizedModel<>(new ShiftedGaussian(), group, BatchView.REAL, new double[2]);
    }

    @Test
    void sampledLogDensityEqualsEvaluatedAndIsInvariant() {
        for (boolean mirror : new boolean[] {false, true}) {
            SymmetrizedModel<double[], double[]> q = model(mirror);
            int n = 200;
            double[] xs = new double[2 * n];
            double[] logq = new double[n];
            q.sample(n, new SplittableRandom(3), xs, logq);
            double[] again = new double[n];
            q.logDensity(xs, n, again);
            double[] flipped = xs.clone();
            for (int i = 0; i < flipped.length; i++) {
                flipped[i] = -flipped[i];
            }
            double[] atFlipped = new double[n];
            q.logDensity(flipped, n, atFlipped);
            for (int k = 0; k < n; k++) {
                assertEquals(again[k], logq[k], 1e-12, "sample reports ln q exactly");
                assertEquals(again[k], atFlipped[k], 1e-12, "q(-x) = q(x)");
            }
        }
    }

    @Test
    void densityIntegratesToOneAndMatchesSampleFrequencies() {
        SymmetrizedModel<double[], double[]> q = model(false);
        int grid = 241;
        double h = 16.0 / (grid - 1);
        double[] xs = new double[2 * grid * grid];
        for (int i = 0; i < grid; i++) {
            for (int j = 0; j < grid; j++) {
                xs[2 * (i * grid + j)] = -8 + i * h;
                xs[2 * (i * grid + j) + 1] = -8 + j * h;
            }
        }
        double[] logq = new double[grid * grid];
        q.logDensity(xs, grid * grid, logq);
        double total = 0;
        double positive = 0;
        for (int k = 0; k < logq.length; k++) {
            total += Math.exp(logq[k]) * h * h;
            if (xs[2 * k] > 0) {
                positive += Math.exp(logq[k]) * h * h;
            }
        }
        assertEquals(1, total, 1e-6);
        int n = 40000;
        double[] samples = new double[2 * n];
        q.sample(n, new SplittableRandom(5), samples, new double[n]);
        int count = 0;
        for (int k = 0; k < n; k++) {
            count += samples[2 * k] > 0 ? 1 : 0;
        }
        double p = count / (double) n;
        assertEquals(positive, p, 4 * Math.sqrt(p * (1 - p) / n), "sampled P(x0 > 0) vs ∫ q");
    }
}
