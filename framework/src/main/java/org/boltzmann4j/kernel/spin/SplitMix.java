package org.boltzmann4j.kernel.spin;

/**
 * The SplitMix64 generator written out so that hot loops keep its state in a register: a chain's
 * own stream seeds it once per sweep, {@code state += GAMMA} advances it and {@link #mix(long)}
 * turns the state into 64 random bits.
 */
final class SplitMix {

    static final long GAMMA = 0x9E3779B97F4A7C15L;
    /** 2^32: a probability p is compared as 32 random bits {@code < round(p 2^32)}. */
    static final long ONE = 1L << 32;

    private SplitMix() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** round(p 2^32) for p in [0, 1]. */
    static long threshold(double p) {
        return p >= 1 ? ONE : Math.round(p * ONE);
    }
}
