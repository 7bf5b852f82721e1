package org.boltzmann4j.model.autoregressive;

import java.util.SplittableRandom;

import org.boltzmann4j.model.BatchEnergy;
import org.boltzmann4j.model.flow.FlowBenchmarks;
import org.boltzmann4j.system.SymmetryGroup;

/** Micro-benchmarks of the autoregressive spin models, for {@code b4j bench ar-sample|ar-step}. */
public final class AutoregressiveBenchmarks {

    private AutoregressiveBenchmarks() {
    }

    /** Milliseconds per call of drawing {@code batch} configurations with their ln q. */
    public static double[] timeSampling(AutoregressiveModel model, int batch, int warmup, int runs) {
        SplittableRandom rng = new SplittableRandom(2);
        byte[] xs = new byte[batch * model.dimension()];
        double[] logq = new double[batch];
        return FlowBenchmarks.time(() -> model.sample(batch, rng, xs, logq), warmup, runs);
    }

    /**
     * Milliseconds per reverse-KL training step (sampling, ln q averaged over {@code group} when
     * given, U, backward, Adam) towards exp(-U).
     */
    public static double[] timeTrainingStep(AutoregressiveModel model, SymmetryGroup<byte[]> group,
                                            BatchEnergy<byte[]> energy, int batch, int warmup, int runs) {
        ReverseKlTrainer trainer = new ReverseKlTrainer(model, group, energy, batch);
        SplittableRandom rng = new SplittableRandom(2);
        return FlowBenchmarks.time(() -> trainer.step(1, rng), warmup, runs);
    }
}
