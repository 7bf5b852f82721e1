package org.boltzmann4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.ContinuousSystem;
import org.junit.jupiter.api.Test;

/** Parallel tempering on a continuous double well that plain random-walk Metropolis cannot cross. */
class ParallelTemperingTest {

    /** U = β (x² - 1)², one coordinate; at β = 20 random-walk Metropolis alone never crosses. */
    private static final class Well extends ContinuousSystem {
        private final double beta;

        Well(double beta) {
            super("well", Parameters.of(Map.of("beta", beta)));
            this.beta = beta;
        }

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public double energy(double[] x) {
            double q = x[0] * x[0] - 1;
            return beta * q * q;
        }

        @Override
        public Well atBeta(double newBeta) {
            return new Well(newBeta);
        }
    }

    /** Random-walk Metropolis with a fixed step. */
    private static final class RandomWalk implements MarkovKernel<double[]> {
        private final ContinuousSystem system;
        private long accepted;
        private long attempted;

        RandomWalk(ContinuousSystem system) {
            this.system = system;
        }

        @Override
        public void sweep(Chains<double[]> chains) {
            for (int c = 0; c < chains.size(); c++) {
                double[] x = chains.state(c);
                double old = x[0];
                x[0] = old + 0.4 * (2 * chains.rng(c).nextDouble() - 1);
                double u = system.energy(x);
                attempted++;
                if (chains.rng(c).nextDouble() < Math.exp(chains.energy(c) - u)) {
                    chains.setEnergy(c, u);
                    accepted++;
                } else {
                    x[0] = old;
                }
            }
            chains.countEnergyEvaluations(chains.size());
        }

        @Override
        public double acceptance() {
            return accepted / (double) attempted;
        }

        @Override
        public void resetAcceptance() {
            accepted = 0;
            attempted = 0;
        }

        @Override
        public void freeze() {
        }
    }

    /** ⟨x²⟩ at β by Simpson's rule on [-3, 3]. */
    private static double exactX2(double beta) {
        int n = 20_000;
        double h = 6.0 / n;
        double z = 0;
        double x2 = 0;
        for (int k = 0; k <= n; k++) {
            double x = -3 + k * h;
            double w = (k == 0 || k == n ? 1 : k % 2 == 1 ? 4 : 2) * Math.exp(-beta * (x * x - 1) * (x * x - 1));
            z += w;
            x2 += w * x * x;
        }
        return x2 / z;
    }

    @Test
    void crossesTheBarrierAndSamplesTheTarget() {
        double beta = 20;
        Well well = new Well(beta);
        ParallelTempering<double[]> pt = new ParallelTempering<>(well, 6, 0.3,
                s -> new RandomWalk((ContinuousSystem) s));
        List<double[]> initial = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            initial.add(new double[] {-1});
        }
        Chains<double[]> chains = Chains.start(well, initial, double[]::clone, 17);
        for (int k = 0; k < 2_000; k++) {
            pt.sweep(chains);
        }
        int batches = 40;
        int perBatch = 5_000;
        double[] right = new double[batches];
        double[] x2 = new double[batches];
        for (int b = 0; b < batches; b++) {
            for (int k = 0; k < perBatch; k++) {
                pt.sweep(chains);
                for (int c = 0; c < chains.size(); c++) {
                    double x = chains.state(c)[0];
                    right[b] += x > 0 ? 1 : 0;
                    x2[b] += x * x;
                }
            }
            right[b] /= perBatch * chains.size();
            x2[b] /= perBatch * chains.size();
        }
        assertWithin(0.5, right, "P(x > 0)");
        assertWithin(exactX2(beta), x2, "<x^2>");
        for (int c = 0; c < chains.size(); c++) {
            assertEquals(well.energy(chains.state(c)), chains.energy(c), 1e-12);
        }
        assertTrue(pt.swapAcceptance() > 0.3, "swap acceptance " + pt.swapAcceptance());
        assertEquals(5, pt.swapAcceptances().length);
        // every replica's work is counted: 6 replicas x 4 chains per sweep, plus the starts
        assertEquals(4 + 5 * 4 + 6 * 4 * (2_000 + batches * perBatch), chains.energyEvaluations());
    }

    private static void assertWithin(double exact, double[] batch, String what) {
        double mean = 0;
        double sq = 0;
        for (double v : batch) {
            mean += v;
            sq += v * v;
        }
        mean /= batch.length;
        double error = Math.sqrt((sq / batch.length - mean * mean) / (batch.length - 1));
        assertTrue(error > 0 && error < 0.05, what + " error " + error);
        assertEquals(exact, mean, 4 * error, what + " = " + mean + " +- " + error);
    }
}
