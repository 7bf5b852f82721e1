package org.boltzmann4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.boltzmann4j.system.Symmetries;
import org.boltzmann4j.system.SymmetryGroup;
import org.junit.jupiter.api.Test;

/**
 * Group averaging over a four-element group (sign flip and mirror) of a far-from-symmetric Gaussian;
 * the sign-flip average of every model is checked by ModelContractTest.
 */
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

    static SymmetrizedModel<double[], double[]> model() {
        SymmetryGroup<double[]> group = new SymmetryGroup<>(List.of(Symmetries.identity(), Symmetries.signFlip(),
                Symmetries.mirror(), Symmetries.signFlipMirror()), true);
        return new SymmetrizedModel<>(new ShiftedGaussian(), group, BatchView.REAL, new double[2]);
    }

    @Test
    void sampledLogDensityEqualsEvaluatedAndIsInvariantUnderAFourElementGroup() {
        SymmetrizedModel<double[], double[]> q = model();
        int n = 200;
        double[] xs = new double[2 * n];
        double[] logq = new double[n];
        q.sample(n, new SplittableRandom(3), xs, logq);
        double[] again = new double[n];
        q.logDensity(xs, n, again);
        double[] image = new double[2];
        for (int g = 1; g < q.group().order(); g++) {
            double[] images = xs.clone();
            for (int k = 0; k < n; k++) {
                q.group().element(g).apply(new double[] {xs[2 * k], xs[2 * k + 1]}, image);
                System.arraycopy(image, 0, images, 2 * k, 2);
            }
            double[] atImages = new double[n];
            q.logDensity(images, n, atImages);
            for (int k = 0; k < n; k++) {
                assertEquals(again[k], logq[k], 1e-12, "sample reports ln q exactly");
                assertEquals(again[k], atImages[k], 1e-12, "q(g x) = q(x) for " + q.group().element(g).name());
            }
        }
    }
}
