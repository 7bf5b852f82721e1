package org.boltzmann4j.model.flow;

import java.util.SplittableRandom;

import org.boltzmann4j.model.BatchEnergyGradient;

/** Wall-clock timings of single flow operations (RealNVP, and the convolutional flow on a lattice), in milliseconds per call. */
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
        return time(() -> flow.maximumLikelihoodStep(xs, batch), warmup, runs);
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
        return time(() -> flow.sample(batch, rng, xs, logq), warmup, runs);
    }

    /**
     * Times one reverse-KL step (sampling, forward with kept activations, U and ∇U, backward, Adam) of
     * a {@link ConvFlow} on an L × L torus towards {@code target}.
     *
     * @return the duration of each of the {@code runs} timed calls, after {@code warmup} untimed ones
     */
    public static double[] timeLatticeStep(int L, int channels, int layers, int batch, boolean z2, int bins,
                                           boolean float32, BatchEnergyGradient target, int warmup, int runs) {
        ConvFlow flow = latticeFlow(L, channels, layers, z2, bins, float32);
        SplittableRandom rng = new SplittableRandom(2);
        return time(() -> flow.reverseKlStep(batch, rng, target), warmup, runs);
    }

    /**
     * Times drawing {@code batch} configurations of a {@link ConvFlow} on an L × L torus with their ln q.
     *
     * @return the duration of each of the {@code runs} timed calls, after {@code warmup} untimed ones
     */
    public static double[] timeLatticeSampling(int L, int channels, int layers, int batch, boolean z2, int bins,
                                               boolean float32, int warmup, int runs) {
        ConvFlow flow = latticeFlow(L, channels, layers, z2, bins, float32);
        SplittableRandom rng = new SplittableRandom(2);
        double[] xs = new double[batch * L * L];
        double[] logq = new double[batch];
        return time(() -> flow.sample(batch, rng, xs, logq), warmup, runs);
    }

    /** Milliseconds of each of {@code runs} calls, after {@code warmup} untimed ones. */
    public static double[] time(Runnable call, int warmup, int runs) {
        double[] times = new double[runs];
        for (int r = -warmup; r < runs; r++) {
            long start = System.nanoTime();
            call.run();
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
        return perturbed(RealNvp.create(config, new StandardNormal(d), 1));
    }

    /** A convolutional flow (bins 0: affine; splines on [−3, 3]) with the RealNVP defaults for the rest, every parameter perturbed. */
    private static ConvFlow latticeFlow(int L, int channels, int layers, boolean z2, int bins, boolean float32) {
        RealNvpConfig defaults = RealNvpConfig.defaults(L * L);
        ConvFlowConfig config = new ConvFlowConfig(L, L, channels, layers, z2, float32, defaults.learningRate(),
                defaults.clipNorm(), defaults.scaleBound(), bins, 3);
        return perturbed(ConvFlow.create(config, new StandardNormal(L * L), 1));
    }

    private static <F extends CouplingFlow> F perturbed(F flow) {
        SplittableRandom rng = new SplittableRandom(3);
        double[] p = flow.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.01 * rng.nextGaussian();
        }
        flow.parametersChanged();
        return flow;
    }
}
