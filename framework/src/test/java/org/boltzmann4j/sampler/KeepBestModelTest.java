package org.boltzmann4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.RestorableRandom;
import org.boltzmann4j.model.GenerativeModel;
import org.junit.jupiter.api.Test;

/**
 * KeepBestModel against a model whose quality is set by hand: U = x²/2 in 1D, proposals from
 * N(μ, 1) with the exact ln q; μ = 0 is the target itself (every proposal accepted), a large μ is
 * rejected almost always. A collapse is undone, a small drift is not.
 */
class KeepBestModelTest {

    /** N(μ, 1), its state μ. */
    private static final class Shifted implements GenerativeModel<double[]>, Checkpointable {
        double mu;

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public void sample(int n, RandomGenerator rng, double[] xs, double[] logq) {
            for (int k = 0; k < n; k++) {
                xs[k] = mu + rng.nextGaussian();
            }
            logDensity(xs, n, logq);
        }

        @Override
        public void logDensity(double[] xs, int n, double[] logq) {
            for (int k = 0; k < n; k++) {
                logq[k] = -0.5 * (xs[k] - mu) * (xs[k] - mu) - 0.5 * Math.log(2 * Math.PI);
            }
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeDouble(mu);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            mu = in.readDouble();
        }
    }

    /** Trains for 40 cycles: μ = 0 for the first {@code good} cycles, then {@code later}; returns the step, frozen. */
    private static KeepBestModel<double[]> train(Shifted model, int good, double later) {
        HarmonicWell system = new HarmonicWell();
        Chains<double[]> chains = Chains.start(system, Collections.nCopies(200, new double[] {0}), double[]::clone, 5);
        IndependentMetropolisKernel<double[]> kernel = IndependentMetropolisKernel.of(system, model,
                new RestorableRandom(6));
        KeepBestModel<double[]> keep = new KeepBestModel<>(model, kernel, 10);
        for (long cycle = 1; cycle <= 40; cycle++) {
            model.mu = cycle <= good ? 0 : later;
            kernel.refresh(chains);
            kernel.step(chains);
            long number = cycle;
            keep.apply(chains, new Step.Cycle() {
                @Override
                public long number() {
                    return number;
                }

                @Override
                public double fractionDone() {
                    return number / 40.0;
                }

                @Override
                public boolean adapting() {
                    return true;
                }

                @Override
                public void record() {
                }

                @Override
                public void plot(String curve, double y) {
                }
            });
        }
        keep.freeze();
        return keep;
    }

    @Test
    void aCollapsedTrainingGoesBackToTheBestWindowsModel() {
        Shifted model = new Shifted();
        KeepBestModel<double[]> keep = train(model, 10, 6);
        assertEquals(0, model.mu, 0, "the model of cycle 1, where every proposal was accepted");
        assertEquals(1, keep.restoredFrom());
        assertNotNull(keep.restoredWarning());
    }

    @Test
    void aSmallDriftIsLeftAlone() {
        Shifted model = new Shifted();
        KeepBestModel<double[]> keep = train(model, 10, 0.3); // acceptance 1 -> about 0.88: not a collapse
        assertEquals(0.3, model.mu, 0);
        assertEquals(0, keep.restoredFrom());
        assertNull(keep.restoredWarning());
    }
}
