package org.boltzmann4j.kernel.spin;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.system.SpinLattice;
import org.boltzmann4j.system.Symmetry;
import org.boltzmann4j.system.SymmetryGroup;

/** Micro-benchmarks of the spin kernels, for {@code b4j bench}. */
public final class IsingBenchmarks {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private IsingBenchmarks() {
    }

    /**
     * Nanoseconds per attempted flip: wall clock, and CPU time of the calling thread (less disturbed by
     * other processes on a loaded machine; both sweep loops run on the calling thread).
     */
    public record PerFlip(double wallNs, double cpuNs) {
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * Runs {@code sweeps} sequential single-spin Metropolis sweeps of one L × L chain (J = 1,
     * h = 0, β = β_c, random start) and returns the time per attempted flip.
     * Lattice set-up is not timed; call it repeatedly to warm up the JIT.
     */
    public static PerFlip metropolisSweeps(int L, int sweeps, long seed) {
        SpinLattice lattice = new SquareIsing(L);
        byte[] start = new byte[L * L];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < start.length; i++) {
            start[i] = (byte) (rng.nextBoolean() ? 1 : -1);
        }
        Chains<byte[]> chains = Chains.start(lattice, List.of(start), byte[]::clone, seed);
        SpinMetropolis kernel = new SpinMetropolis(lattice, SiteOrder.SEQUENTIAL);
        long c0 = cpu();
        long t0 = System.nanoTime();
        for (int k = 0; k < sweeps; k++) {
            kernel.sweep(chains);
        }
        double flips = (double) sweeps * L * L;
        return new PerFlip((System.nanoTime() - t0) / flips, (cpu() - c0) / flips);
    }

    /**
     * Runs {@code sweeps} sequential multispin Metropolis sweeps of 64 L × L chains (J = 1, h = 0,
     * β = β_c, random start) and returns the time per attempted flip (per replica and site): of the
     * packed words alone, or, {@code throughChains}, of whole kernel sweeps of
     * {@code byte[]} chains (packing, unpacking and U included).
     */
    public static PerFlip multispinSweeps(int L, int sweeps, long seed, boolean throughChains) {
        SpinLattice lattice = new SquareIsing(L);
        SplittableRandom rng = new SplittableRandom(seed);
        Multispin kernel = Multispin.metropolis(lattice);
        long c0;
        long t0;
        if (throughChains) {
            List<byte[]> start = new ArrayList<>();
            for (int c = 0; c < Multispin.REPLICAS; c++) {
                byte[] s = new byte[L * L];
                for (int i = 0; i < s.length; i++) {
                    s[i] = (byte) (rng.nextBoolean() ? 1 : -1);
                }
                start.add(s);
            }
            Chains<byte[]> chains = Chains.start(lattice, start, byte[]::clone, seed);
            c0 = cpu();
            t0 = System.nanoTime();
            for (int k = 0; k < sweeps; k++) {
                kernel.sweep(chains);
            }
        } else {
            long[] words = new long[L * L];
            for (int i = 0; i < words.length; i++) {
                words[i] = rng.nextLong();
            }
            c0 = cpu();
            t0 = System.nanoTime();
            for (int k = 0; k < sweeps; k++) {
                kernel.sweepWords(words, seed + k);
            }
        }
        double flips = (double) sweeps * L * L * Multispin.REPLICAS;
        return new PerFlip((System.nanoTime() - t0) / flips, (cpu() - c0) / flips);
    }

    /** The bare ferromagnet at β_c, with no symmetries declared. */
    private static final class SquareIsing extends SpinLattice {
        SquareIsing(int L) {
            super("square-ising", Parameters.of(Map.of("L", L, "beta", SQUARE_BETA_CRITICAL)),
                    squareTorus(L), 4, SQUARE_BETA_CRITICAL, 1, 0);
        }

        @Override
        public SpinLattice atBeta(double newBeta) {
            throw new UnsupportedOperationException("benchmark lattice");
        }

        @Override
        public SymmetryGroup<byte[]> symmetries() {
            return SymmetryGroup.trivial(Symmetry.of(SymmetryGroup.IDENTITY,
                    (in, out) -> System.arraycopy(in, 0, out, 0, in.length)));
        }
    }
}
