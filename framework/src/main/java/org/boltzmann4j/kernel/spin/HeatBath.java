package org.boltzmann4j.kernel.spin;

import org.boltzmann4j.system.SpinLattice;

/**
 * Single-spin heat bath (Gibbs sampling) for a {@link SpinLattice}: s_i is redrawn from its
 * conditional law, P(s_i = +1) = 1/(1 + exp(-2β(J Σ_k s_{n(i,k)} + h))), tabulated over the 2z+1
 * neighbour sums as 32-bit thresholds. {@link #acceptance()} is the fraction of updates that
 * changed the spin.
 */
public final class HeatBath extends SingleSpinKernel {

    /** P(s_i = +1) as a 32-bit threshold, indexed by Σ_k s_{n(i,k)} + z. */
    private final long[] up;

    public HeatBath(SpinLattice lattice, SiteOrder order) {
        super(lattice, order);
        int z = lattice.coordination();
        up = new long[2 * z + 1];
        for (int sum = -z; sum <= z; sum++) {
            double field = lattice.coupling() * sum + lattice.field();
            up[sum + z] = SplitMix.threshold(1 / (1 + Math.exp(-2 * lattice.inverseTemperature() * field)));
        }
    }

    @Override
    void sweepChain(byte[] s, long seed, int[] out, int offset) {
        int[] nb = lattice.neighbours();
        int z = lattice.coordination();
        long[] thr = up;
        int n = s.length;
        boolean random = order == SiteOrder.RANDOM;
        long state = seed;
        int dB = 0;
        int dM = 0;
        int changed = 0;
        for (int step = 0; step < n; step++) {
            state += SplitMix.GAMMA;
            long r = SplitMix.mix(state);
            int i = random ? (int) (((r >>> 32) * n) >>> 32) : step;
            int sum = 0;
            for (int m = i * z; m < i * z + z; m++) {
                sum += s[nb[m]];
            }
            int si = s[i];
            int isUp = (int) (((r & 0xFFFFFFFFL) - thr[sum + z]) >>> 63);
            int ds = 2 * isUp - 1 - si;
            s[i] = (byte) (si + ds);
            dB += ds * sum;
            dM += ds;
            changed += (ds * ds) >> 2;
        }
        out[offset] = dB;
        out[offset + 1] = dM;
        out[offset + 2] = changed;
    }
}
