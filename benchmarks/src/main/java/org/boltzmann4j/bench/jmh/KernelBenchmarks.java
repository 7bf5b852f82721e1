package org.boltzmann4j.bench.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.Hmc;
import org.boltzmann4j.kernel.Mala;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.kernel.SingleSiteMetropolis;
import org.boltzmann4j.kernel.StepSize;
import org.boltzmann4j.kernel.spin.SiteOrder;
import org.boltzmann4j.kernel.spin.SpinMetropolis;
import org.boltzmann4j.kernel.spin.Wolff;
import org.boltzmann4j.sampler.InitialStates;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.SpinLattice;
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

/** One sweep of every chain of an ensemble, per kernel and number of chains. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBenchmarks {

    @Param({"16", "256"})
    int chains;

    Chains<double[]> phi4;
    MarkovKernel<double[]> metropolis;
    MarkovKernel<double[]> mala;
    MarkovKernel<double[]> hmc;
    Chains<byte[]> ising;
    MarkovKernel<byte[]> spinMetropolis;
    MarkovKernel<byte[]> wolff;

    @Setup
    public void setUp() {
        ContinuousSystem chain = (ContinuousSystem) Systems.create("phi4-chain", Map.of());
        phi4 = Chains.start(chain, InitialStates.of(chain, chains, InitialStates.MODES), double[]::clone, 1);
        metropolis = new SingleSiteMetropolis(chain, new StepSize(0.05, 0.5, false));
        mala = new Mala(chain, new StepSize(0.03, 0.5, false));
        hmc = new Hmc(chain, new StepSize(0.02, 0.5, false), 10);
        SpinLattice lattice = (SpinLattice) Systems.create("ising2d", Map.of("L", "16"));
        ising = Chains.start(lattice, InitialStates.of(lattice, chains, InitialStates.MODES), byte[]::clone, 1);
        spinMetropolis = new SpinMetropolis(lattice, SiteOrder.SEQUENTIAL);
        wolff = new Wolff(lattice, 8);
    }

    @Benchmark
    public void phi4Metropolis() {
        metropolis.sweep(phi4);
    }

    @Benchmark
    public void phi4Mala() {
        mala.sweep(phi4);
    }

    @Benchmark
    public void phi4Hmc() {
        hmc.sweep(phi4);
    }

    @Benchmark
    public void isingMetropolis() {
        spinMetropolis.sweep(ising);
    }

    @Benchmark
    public void isingWolff() {
        wolff.sweep(ising);
    }
}
