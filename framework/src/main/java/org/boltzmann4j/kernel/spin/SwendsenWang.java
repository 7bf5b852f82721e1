package org.boltzmann4j.kernel.spin;

import java.util.stream.IntStream;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.SpinLattice;

/**
 * Swendsen–Wang updates for a {@link SpinLattice} at h = 0: every satisfied bond (J s_i s_j &gt; 0)
 * is frozen with probability 1 - exp(-2β|J|), the clusters of frozen bonds are found by union–find,
 * and each cluster is flipped with probability 1/2. This is the Fortuin–Kasteleyn joint update of
 * spins and bonds: exact, rejection-free ({@link #acceptance()} is 1) and ergodic. One sweep is one
 * update of every spin of every chain; U is recomputed from the new configuration. Each chain's random
 * stream seeds a SplitMix64 generator once per sweep; large batches of chains run in parallel.
 */
public final class SwendsenWang implements MarkovKernel<byte[]> {

    /** Below this many spins per sweep (all chains together) chains run on the calling thread. */
    private static final long PARALLEL_SPINS = 1 << 15;

    private final SpinLattice lattice;
    private final long freezeThreshold;
    private final boolean ferromagnetic;

    public SwendsenWang(SpinLattice lattice) {
        if (lattice.field() != 0) {
            throw B4jException.badInput("swendsen-wang needs h=0 (a cluster flip ignores the field), got h=%s",
                    lattice.field());
        }
        this.lattice = lattice;
        this.freezeThreshold = SplitMix.threshold(-Math.expm1(-2 * lattice.inverseTemperature()
                * Math.abs(lattice.coupling())));
        this.ferromagnetic = lattice.coupling() >= 0;
    }

    @Override
    public void sweep(Chains<byte[]> chains) {
        int n = chains.size();
        long[] seeds = new long[n];
        for (int c = 0; c < n; c++) {
            seeds[c] = chains.rng(c).nextLong();
        }
        int sites = lattice.dimension();
        if (n > 1 && (long) n * sites >= PARALLEL_SPINS) {
            IntStream.range(0, n).parallel().forEach(c -> update(chains.state(c), seeds[c]));
        } else {
            for (int c = 0; c < n; c++) {
                update(chains.state(c), seeds[c]);
            }
        }
        for (int c = 0; c < n; c++) {
            chains.setEnergy(c, lattice.energy(chains.state(c)));
        }
        chains.countEnergyEvaluations((long) n * sites);
    }

    /** One Swendsen–Wang update of one configuration in place. */
    private void update(byte[] s, long seed) {
        int[] nb = lattice.neighbours();
        int z = lattice.coordination();
        int n = s.length;
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        long thr = freezeThreshold;
        long state = seed;
        for (int i = 0; i < n; i++) {
            for (int m = i * z; m < i * z + z; m++) {
                int j = nb[m];
                // every bond once (from its lower end); satisfied: equal spins for J > 0, unequal for J < 0
                if (j > i && (s[i] == s[j]) == ferromagnetic) {
                    state += SplitMix.GAMMA;
                    if ((SplitMix.mix(state) >>> 32) < thr) {
                        union(parent, i, j);
                    }
                }
            }
        }
        // one fair coin per cluster, drawn at its root: parent[root] becomes ~root when it flips
        long bits = 0;
        int unused = 0;
        for (int i = 0; i < n; i++) {
            if (parent[i] == i) {
                if (unused == 0) {
                    state += SplitMix.GAMMA;
                    bits = SplitMix.mix(state);
                    unused = Long.SIZE;
                }
                if ((bits & 1) == 1) {
                    parent[i] = ~i;
                }
                bits >>>= 1;
                unused--;
            }
        }
        for (int i = 0; i < n; i++) {
            int root = find(parent, i);
            if (parent[root] < 0) {
                s[i] = (byte) -s[i];
            }
        }
    }

    /** The root of i's cluster (a root holds itself, or ~itself once its coin said flip), halving paths. */
    private static int find(int[] parent, int i) {
        while (parent[i] != i && parent[i] >= 0) {
            int p = parent[i];
            int grand = parent[p];
            if (grand != p && grand >= 0) {
                parent[i] = grand;
            }
            i = p;
        }
        return i;
    }

    private static void union(int[] parent, int i, int j) {
        int a = find(parent, i);
        int b = find(parent, j);
        if (a != b) {
            parent[Math.min(a, b)] = Math.max(a, b);
        }
    }

    @Override
    public double acceptance() {
        return 1;
    }

    @Override
    public void resetAcceptance() {
    }

    /** Nothing adapts. */
    @Override
    public void freeze() {
    }
}
