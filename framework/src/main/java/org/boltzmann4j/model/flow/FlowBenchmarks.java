package org.boltzmann4j.model.flow;

import java.util.SplittableRandom;

/** Wall-clock timings of single RealNVP operations, in milliseconds per call. */
public final class FlowBenchmarks {

    private FlowBenchmarks() {
    }

    /**
     * Times one maximum-likelihood step (forward, backward, Adam) on a fixed batch of Gaussian data.
     *
     * @return the duration of each of the {@code runs} timed calls, after {@code warmup} untimed ones
     */
    public static double[] timeTrainingStep(int d, int h, int layers, int batch, boolean float32, int warmup, int runs) {
        RealNvp flow = flow(d, h, layers, float32);
        SplittableRandom rng = new SplittableRandom(2);
        double[] xs = new double[batch * d];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 1.5 * rng.nextGaussian() + 0.5;
        }
        double[] times = new double[runs];
        for (int r = -warmup; r < runs; r++) {
            long start = System.nanoTime();
            flow.maximumLikelihoodStep(xs, batch);
            if (r >= 0) {
                times[r] = (System.nanoTime() - start) * 1e-6;
            }
        }
        return times;
    }

    /**
     * Times drawing {@code batch} samples with their ln q.
     *
     * @return the duration of each of the {@code runs} timed calls, after {@code warmup} untimed ones
     */
    public static double[] timeSampling(int d, int h, int layers, int batch, boolean float32, int warmup, int runs) {
        RealNvp flow = flow(d, h, layers, float32);
        SplittableRandom rng = new SplittableRandom(2);
        double[] xs = new double[batch * d];
        double[] logq = new double[batch];
        double[] times = new double[runs];
        for (int r = -warmup; r < runs; r++) {
            long start = System.nanoTime();
            flow.sample(batch, rng, xs, logq);
            if (r >= 0) {
                times[r] = (System.nanoTime() - start) * 1e-6;
            }
        }
        return times;
    }

    /** A flow with the default settings and every parameter perturbed, so that timings see a non-trivial map. */
    private static RealNvp flow(int d, int h, int layers, boolean float32) {
        RealNvpConfig defaults = RealNvpConfig.defaults(d);
        RealNvpConfig config = new RealNvpConfig(d, h, layers, float32, defaults.learningRate(), defaults.clipNorm(),
                defaults.scaleBound());
        RealNvp flow = RealNvp.create(config, new StandardNormal(d), 1);
        SplittableRandom rng = new SplittableRandom(3);
        double[] p = flow.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.01 * rng.nextGaussian();
        }
        flow.parametersChanged();
        return flow;
    }
}
