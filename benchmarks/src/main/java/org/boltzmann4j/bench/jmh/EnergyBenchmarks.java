package org.boltzmann4j.bench.jmh;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.systems.Systems;
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

/** U, ∇U and single-site ΔU of the φ⁴ chain, per configuration. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnergyBenchmarks {

    @Param({"32", "100", "1000"})
    int n;

    ContinuousSystem chain;
    double[] x;
    double[] gradient;
    int site;

    @Setup
    public void setUp() {
        chain = (ContinuousSystem) Systems.create("phi4-chain", Map.of("N", Integer.toString(n)));
        SplittableRandom rng = new SplittableRandom(1);
        x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-1, 1);
        }
        gradient = new double[n];
    }

    @Benchmark
    public double energy() {
        return chain.energy(x);
    }

    @Benchmark
    public double energyAndGradient() {
        return chain.energyAndGradient(x, gradient);
    }

    @Benchmark
    public double singleSiteChange() {
        site = (site + 7) % n;
        return chain.energyChange(x, site, 0.3);
    }
}
