package org.boltzmann4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** k̂ recovers the tail index of weights with a known Pareto tail, and stays low for light tails. */
class ParetoTailTest {

    /** Weights w = u^(-ξ), u uniform: a Pareto tail of shape ξ. */
    private static double fitted(double xi, int samples, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        ParetoTail tail = new ParetoTail();
        for (int i = 0; i < samples; i++) {
            tail.add(-xi * Math.log(rng.nextDouble()));
        }
        return tail.shape();
    }

    @Test
    void recoversTheShapeOfParetoTails() {
        for (double xi : new double[] {0.3, 0.6, 0.9, 1.3}) {
            double mean = 0;
            for (long seed = 1; seed <= 5; seed++) {
                mean += fitted(xi, 20_000, seed) / 5;
            }
            // M = 3 sqrt(S) = 425 tail points: the estimate's sd is about (1 + xi)/sqrt(M) ≈ 0.05-0.11, /sqrt(5)
            assertEquals(xi, mean, 0.1, "xi = " + xi);
        }
    }

    @Test
    void lightTailsAreReliableAndHeavyOnesAreNot() {
        SplittableRandom rng = new SplittableRandom(3);
        ParetoTail gaussian = new ParetoTail();
        ParetoTail wide = new ParetoTail();
        for (int i = 0; i < 20_000; i++) {
            double z = rng.nextGaussian();
            gaussian.add(0.5 * z); // log-normal weights, sigma 0.5: an ESS fraction near 0.8
            wide.add(3 * z);       // sigma 3: ESS fraction ~1e-4
        }
        assertTrue(gaussian.shape() < 0.5, "light tail: " + gaussian.shape());
        assertTrue(wide.shape() > 0.7, "heavy tail: " + wide.shape());
    }

    /**
     * Why the line is at 1/2. A proposal N(0, σ² I) for the target exp(-|x|²/2) has weights with a tail of
     * shape k = 1 - σ² and known ln Z = (d/2) ln 2π. Light (k = 0.2): k̂ stays below 1/2 and the
     * delta-method 3σ interval covers ln Z. Heavy (k = 0.6): k̂ is above 1/2, and the same interval
     * misses ln Z far more often than 0.3% of the time, nearly always from below.
     */
    @Test
    void aboveOneHalfTheErrorOfLnZIsOptimistic() {
        SplittableRandom rng = new SplittableRandom(11);
        int trials = 40;
        int samples = 20_000;
        for (double k : new double[] {0.2, 0.6}) {
            int dim = k < 0.5 ? 4 : 16;
            double var = 1 - k;
            double lnZ = 0.5 * dim * Math.log(2 * Math.PI);
            int flagged = 0;
            int missed = 0;
            int missedBelow = 0;
            double[] logWeights = new double[samples];
            for (int t = 0; t < trials; t++) {
                ParetoTail tail = new ParetoTail();
                for (int i = 0; i < samples; i++) {
                    double r2 = 0;
                    for (int a = 0; a < dim; a++) {
                        double x = Math.sqrt(var) * rng.nextGaussian();
                        r2 += x * x;
                    }
                    logWeights[i] = -0.5 * r2 + 0.5 * r2 / var + 0.5 * dim * Math.log(2 * Math.PI * var);
                    tail.add(logWeights[i]);
                }
                RunRecord.LnZ estimate = ImportanceWeights.lnZ(logWeights, samples);
                double z = (estimate.estimate() - lnZ) / estimate.stderr();
                flagged += tail.shape() > ParetoTail.INFINITE_VARIANCE ? 1 : 0;
                missed += Math.abs(z) > 3 ? 1 : 0;
                missedBelow += z < -3 ? 1 : 0;
            }
            String what = "k = " + k + ": " + flagged + " of " + trials + " flagged, " + missed + " missed";
            if (k < 0.5) {
                assertEquals(0, flagged, what);
                assertTrue(missed <= 1, what);
            } else {
                assertTrue(flagged >= trials - 2, what);
                assertTrue(missed >= 3 && missedBelow >= missed - 1, what); // honest errors: P(≥ 3 of 40) ≈ 1e-4
            }
        }
    }

    @Test
    void tooFewWeightsHaveNoShape() {
        ParetoTail tail = new ParetoTail();
        for (int i = 0; i < 20; i++) {
            tail.add(i);
        }
        assertTrue(Double.isNaN(tail.shape()));
    }

    @Test
    void keepsOnlyTheLargestAndRestores() {
        ParetoTail tail = new ParetoTail();
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 3 * ParetoTail.KEPT; i++) {
            tail.add(rng.nextGaussian());
        }
        double[] kept = tail.kept();
        assertEquals(ParetoTail.KEPT, kept.length);
        ParetoTail copy = new ParetoTail();
        copy.restore(tail.count(), kept);
        assertEquals(tail.shape(), copy.shape(), 0);
    }
}
