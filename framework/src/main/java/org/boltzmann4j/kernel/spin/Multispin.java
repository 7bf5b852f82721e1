package org.boltzmann4j.kernel.spin;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.SpinLattice;

/**
 * Multispin-coded single-spin updates on the L × L square torus at h = 0: chains 64g … 64g+63 are
 * packed one per bit of a {@code long} per site (bit b set: spin up in chain 64g+b) and swept
 * together with bitwise logic, sites in sequential (typewriter) order. With c the number of
 * satisfied bonds of site i (J s_i s_j &gt; 0) among its 4, flipping costs ΔU = 4β|J|(c - 2) and is
 * done with probability p_c: min(1, exp(-ΔU)) for {@link #metropolis Metropolis} (each replica then
 * follows exactly the chain of {@link SpinMetropolis} in {@link SiteOrder#SEQUENTIAL} order),
 * 1/(1 + exp(ΔU)) for the {@link #heatBath heat bath} (the chain of {@link HeatBath}). Both satisfy
 * detailed balance at every site, so a sweep, their composition, leaves exp(-U) invariant. The heat
 * bath is also ergodic in sequential order (every p_c is in (0, 1)); sequential Metropolis at h = 0
 * has the closed deterministic cycles of small tori described at {@link SpinMetropolis}.
 *
 * <p>The one-hot words of c = 0 … 4 come from AND/OR of the four bond words. The flip word is exact
 * for the double values p_c: every replica whose p_c is neither 0 nor 1 compares a uniform U, drawn
 * bit by bit from fresh random words, with the binary expansion of its p_c, most significant bit
 * first, and is decided (flip iff U &lt; p_c) at the first bit where they differ; the undecided
 * replicas halve with every word, so 64 are decided after about log₂ 64 + 1.3 words. The replicas
 * are independent: they read disjoint bits of every random word.
 *
 * <p>Every sweep packs the chains' {@code byte[]} spins into words, sweeps, and writes them back
 * (with U = β(-J Σ_⟨ij⟩ s_i s_j) from a bit-sliced count of unsatisfied bonds), so the chains stay
 * the state. Groups of 64 chains are independent and run in parallel; group g's random words come
 * from a SplitMix64 stream seeded by chain 64g's generator. {@link #acceptance()} is the fraction
 * of attempted flips done.
 */
public final class Multispin implements MarkovKernel<byte[]> {

    /** Chains per machine word. */
    public static final int REPLICAS = 64;
    /** Satisfied-bond counts c = 0 … 4. */
    private static final int CLASSES = 5;

    /** Eight bytes of a {@code byte[]} read and written as one little-endian long. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Bit 0 of every byte. */
    private static final long LOW_BITS = 0x0101010101010101L;

    /** Below this many spins per sweep (all chains together) groups run on the calling thread. */
    private static final long PARALLEL_SPINS = 1 << 16;

    private final int size;
    private final double beta;
    private final double coupling;
    /** XORed into s_i ^ s_j to give the satisfied-bond word: all ones for J ≥ 0. */
    private final long satisfied;
    /** Per class c: all ones where p_c = 1, where 0 &lt; p_c &lt; 1. */
    private final long[] always = new long[CLASSES];
    private final long[] random = new long[CLASSES];
    /** Bit k+1 of the binary expansion of p_c, as a word of all zeros or all ones, at [5k + c]. */
    private final long[] digits;
    /** One word per site for each group of 64 chains, reused between sweeps. */
    private long[][] words = new long[0][];
    private long flips;
    private long attempted;

    private Multispin(SpinLattice lattice, DoubleUnaryOperator flipProbability) {
        int n = lattice.dimension();
        int L = (int) Math.round(Math.sqrt(n));
        if (lattice.coordination() != 4 || L * L != n || !Arrays.equals(lattice.neighbours(), SpinLattice.squareTorus(L))) {
            throw B4jException.badInput("multispin updates need the square torus; %s is not one", lattice.name());
        }
        if (lattice.field() != 0) {
            throw B4jException.badInput("multispin updates need h=0 (the field splits the flip classes), got h=%s",
                    lattice.field());
        }
        size = L;
        beta = lattice.inverseTemperature();
        coupling = lattice.coupling();
        satisfied = coupling >= 0 ? -1L : 0L;
        long[][] expansions = new long[CLASSES][];
        int length = 0;
        for (int c = 0; c < CLASSES; c++) {
            double p = flipProbability.applyAsDouble(4 * beta * Math.abs(coupling) * (c - 2));
            always[c] = p >= 1 ? -1L : 0L;
            random[c] = p > 0 && p < 1 ? -1L : 0L;
            expansions[c] = p > 0 && p < 1 ? expansion(p) : new long[0];
            length = Math.max(length, expansions[c].length);
        }
        digits = new long[CLASSES * length];
        for (int c = 0; c < CLASSES; c++) {
            for (int k = 0; k < expansions[c].length; k++) {
                digits[CLASSES * k + c] = expansions[c][k];
            }
        }
    }

    /** Metropolis: flip with min(1, exp(-ΔU)). */
    public static Multispin metropolis(SpinLattice lattice) {
        return new Multispin(lattice, dU -> dU <= 0 ? 1 : Math.exp(-dU));
    }

    /** Heat bath: flip with 1/(1 + exp(ΔU)). */
    public static Multispin heatBath(SpinLattice lattice) {
        return new Multispin(lattice, dU -> 1 / (1 + Math.exp(dU)));
    }

    /** The binary digits of p in (0, 1), up to its last 1 (exact: doubling and subtracting 1 do not round). */
    private static long[] expansion(double p) {
        long[] digits = new long[1100];
        int k = 0;
        for (double x = p; x != 0; k++) {
            x *= 2;
            if (x >= 1) {
                digits[k] = -1L;
                x -= 1;
            }
        }
        return Arrays.copyOf(digits, k);
    }

    @Override
    public void sweep(Chains<byte[]> chains) {
        int n = chains.size();
        if (n % REPLICAS != 0) {
            throw B4jException.badInput("multispin updates need chains in multiples of %d, got %d", REPLICAS, n);
        }
        int groups = n / REPLICAS;
        int sites = size * size;
        long[] seeds = new long[groups];
        for (int g = 0; g < groups; g++) {
            seeds[g] = chains.rng(g * REPLICAS).nextLong();
        }
        long[][] buffers = buffers(groups, sites);
        long[] flipped = new long[groups];
        if (groups > 1 && (long) n * sites >= PARALLEL_SPINS) {
            IntStream.range(0, groups).parallel().forEach(g -> flipped[g] = sweepGroup(chains, g, buffers[g], seeds[g]));
        } else {
            for (int g = 0; g < groups; g++) {
                flipped[g] = sweepGroup(chains, g, buffers[g], seeds[g]);
            }
        }
        for (long f : flipped) {
            flips += f;
        }
        attempted += (long) n * sites;
        chains.countEnergyEvaluations((long) n * sites);
    }

    private long[][] buffers(int groups, int sites) {
        if (words.length != groups) {
            words = new long[groups][sites];
        }
        return words;
    }

    private long sweepGroup(Chains<byte[]> chains, int g, long[] w, long seed) {
        int base = g * REPLICAS;
        pack(chains, base, w);
        long flipped = sweepWords(w, seed);
        unpack(w, chains, base);
        long[] bonds = unsatisfiedBonds(w);
        int n = w.length;
        for (int b = 0; b < REPLICAS; b++) {
            int disagree = 0;
            for (int k = 0; k < bonds.length; k++) {
                disagree |= (int) ((bonds[k] >>> b) & 1) << k;
            }
            // Σ_<ij> s_i s_j over the 2N right and down bonds; U as SpinLattice.energy computes it
            int bondSum = 2 * n - 2 * disagree;
            chains.setEnergy(base + b, beta * (-coupling * bondSum));
        }
        return flipped;
    }

    /**
     * Packs chains base … base+63 into w. Eight chains and eight sites at a time: each chain's eight
     * spins are read as one long, bit 1 of each byte (set for -1) gives the spin, and the 8 × 8 bit
     * block is regrouped by site.
     */
    private static void pack(Chains<byte[]> chains, int base, long[] w) {
        int n = w.length;
        int blocks = n & ~7;
        byte[][] s = new byte[8][];
        Arrays.fill(w, 0);
        for (int b0 = 0; b0 < REPLICAS; b0 += 8) {
            for (int c = 0; c < 8; c++) {
                s[c] = chains.state(base + b0 + c);
            }
            for (int i = 0; i < blocks; i += 8) {
                long bySite = 0;
                for (int c = 0; c < 8; c++) {
                    bySite |= ((~(long) LONGS.get(s[c], i) >>> 1) & LOW_BITS) << c;
                }
                for (int j = 0; j < 8; j++) {
                    w[i + j] |= ((bySite >>> (8 * j)) & 0xFF) << b0;
                }
            }
            for (int i = blocks; i < n; i++) {
                for (int c = 0; c < 8; c++) {
                    w[i] |= (long) ((s[c][i] + 1) >> 1) << (b0 + c);
                }
            }
        }
    }

    /** Writes w back into chains base … base+63, the inverse of {@link #pack}. */
    private static void unpack(long[] w, Chains<byte[]> chains, int base) {
        int n = w.length;
        int blocks = n & ~7;
        byte[][] s = new byte[8][];
        for (int b0 = 0; b0 < REPLICAS; b0 += 8) {
            for (int c = 0; c < 8; c++) {
                s[c] = chains.state(base + b0 + c);
            }
            for (int i = 0; i < blocks; i += 8) {
                long bySite = 0;
                for (int j = 0; j < 8; j++) {
                    bySite |= ((w[i + j] >>> b0) & 0xFF) << (8 * j);
                }
                for (int c = 0; c < 8; c++) {
                    // bytes 0 or 1 (up) times 0xFE, complemented: 0xFF (-1) or 0x01 (+1)
                    LONGS.set(s[c], i, ~(((bySite >>> c) & LOW_BITS) * 0xFE));
                }
            }
            for (int i = blocks; i < n; i++) {
                for (int c = 0; c < 8; c++) {
                    s[c][i] = (byte) ((((int) (w[i] >>> (b0 + c)) & 1) << 1) - 1);
                }
            }
        }
    }

    /** Bit-sliced count, per replica, of unsatisfied (s_i ≠ s_j) right and down bonds: bit k of the count in word k. */
    private long[] unsatisfiedBonds(long[] w) {
        int L = size;
        long[] count = new long[32 - Integer.numberOfLeadingZeros(2 * w.length)];
        for (int i = 0; i < w.length; i++) {
            int x = i % L;
            long right = w[i] ^ w[x == L - 1 ? i - x : i + 1];
            long down = w[i] ^ w[(i + L) % w.length];
            for (int k = 0; right != 0; k++) {
                long carry = count[k] & right;
                count[k] ^= right;
                right = carry;
            }
            for (int k = 0; down != 0; k++) {
                long carry = count[k] & down;
                count[k] ^= down;
                down = carry;
            }
        }
        return count;
    }

    /**
     * One sequential sweep of 64 packed replicas in place, random words from SplitMix64 seeded with
     * {@code seed}; returns the number of flips.
     */
    long sweepWords(long[] w, long seed) {
        int L = size;
        int n = L * L;
        long[] p = digits;
        int length = p.length;
        long sat = satisfied;
        long a0 = always[0], a1 = always[1], a2 = always[2], a3 = always[3], a4 = always[4];
        long r0 = random[0], r1 = random[1], r2 = random[2], r3 = random[3], r4 = random[4];
        long state = seed;
        long flipped = 0;
        for (int y = 0; y < L; y++) {
            int row = y * L;
            int up = y == 0 ? n - L : -L;
            int down = y == L - 1 ? L - n : L;
            long left = w[row + L - 1];
            for (int x = 0; x < L; x++) {
                int i = row + x;
                long s = w[i];
                long a = s ^ left ^ sat;
                long b = s ^ w[x == L - 1 ? row : i + 1] ^ sat;
                long c = s ^ w[i + up] ^ sat;
                long d = s ^ w[i + down] ^ sat;
                long ab = a & b;
                long cd = c & d;
                long aOrB = a | b;
                long cOrD = c | d;
                long ge1 = aOrB | cOrD;
                long ge2 = ab | cd | (aOrB & cOrD);
                long ge3 = (ab & cOrD) | (cd & aOrB);
                long e4 = ab & cd;
                long e0 = ~ge1;
                long e1 = ge1 & ~ge2;
                long e2 = ge2 & ~ge3;
                long e3 = ge3 & ~e4;
                long flip = (e0 & a0) | (e1 & a1) | (e2 & a2) | (e3 & a3) | (e4 & a4);
                long open = (e0 & r0) | (e1 & r1) | (e2 & r2) | (e3 & r3) | (e4 & r4);
                for (int k = 0; open != 0 && k < length; k += CLASSES) {
                    state += SplitMix.GAMMA;
                    long t = (e0 & p[k]) | (e1 & p[k + 1]) | (e2 & p[k + 2]) | (e3 & p[k + 3]) | (e4 & p[k + 4]);
                    long decided = (SplitMix.mix(state) ^ t) & open;
                    flip |= decided & t;
                    open &= ~decided;
                }
                left = s ^ flip;
                w[i] = left;
                flipped += Long.bitCount(flip);
            }
        }
        return flipped;
    }

    /** Fraction of attempted flips done. */
    @Override
    public double acceptance() {
        return attempted == 0 ? 0 : flips / (double) attempted;
    }

    @Override
    public void resetAcceptance() {
        flips = 0;
        attempted = 0;
    }

    /** Nothing adapts. */
    @Override
    public void freeze() {
    }
}
