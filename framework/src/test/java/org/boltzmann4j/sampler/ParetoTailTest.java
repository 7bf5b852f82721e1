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
        assertTrue(wide.shape() > ParetoTail.UNRELIABLE, "heavy tail: " + wide.shape());
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
