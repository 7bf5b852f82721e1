package org.boltzmann4j.kernel;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.random.RandomGenerator;

import org.boltzmann4j.core.Checkpointable;

/**
 * SplitMix64 exactly as {@link java.util.SplittableRandom} computes it (same seeds, same numbers,
 * same splits), with a state that a checkpoint can save and restore, which
 * {@code SplittableRandom} does not allow.
 */
public final class RestorableRandom implements RandomGenerator, Checkpointable {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long seed;
    private long gamma;

    /** The stream {@code new SplittableRandom(seed)} gives. */
    public RestorableRandom(long seed) {
        this(seed, GOLDEN_GAMMA);
    }

    private RestorableRandom(long seed, long gamma) {
        this.seed = seed;
        this.gamma = gamma;
    }

    /** A new stream, as {@link java.util.SplittableRandom#split()} makes it. */
    public RestorableRandom split() {
        return new RestorableRandom(nextLong(), mixGamma(nextSeed()));
    }

    @Override
    public long nextLong() {
        return mix64(nextSeed());
    }

    @Override
    public int nextInt() {
        return mix32(nextSeed());
    }

    private long nextSeed() {
        return seed += gamma;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    private static long mixGamma(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z = (z ^ (z >>> 33)) | 1L;
        int n = Long.bitCount(z ^ (z >>> 1));
        return n < 24 ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(seed);
        out.writeLong(gamma);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        seed = in.readLong();
        gamma = in.readLong();
    }
}
