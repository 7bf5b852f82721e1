package org.boltzmann4j.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.boltzmann4j.model.flow.RealNvp;
import org.boltzmann4j.model.flow.RealNvpConfig;
import org.boltzmann4j.model.flow.StandardNormal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The default RealNVP (D=100, H=128, 6 couplings): training step, sampling, density, by batch and dtype. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class FlowBenchmarksJmh {

    @Param({"64", "256", "1024"})
    int batch;

    @Param({"false", "true"})
    boolean float32;

    RealNvp flow;
    double[] xs;
    double[] logq;
    SplittableRandom rng;

    @Setup
    public void setUp() {
        int d = 100;
        flow = RealNvp.create(RealNvpConfig.defaults(d).withFloat32(float32), new StandardNormal(d), 1);
        rng = new SplittableRandom(2);
        xs = new double[batch * d];
        logq = new double[batch];
        flow.sample(batch, rng, xs, logq);
    }

    @Benchmark
    public double trainingStep() {
        return flow.maximumLikelihoodStep(xs, batch);
    }

    @Benchmark
    public double[] sample() {
        flow.sample(batch, rng, xs, logq);
        return logq;
    }

    @Benchmark
    public double[] logDensity() {
        flow.logDensity(xs, batch, logq);
        return logq;
    }
}
