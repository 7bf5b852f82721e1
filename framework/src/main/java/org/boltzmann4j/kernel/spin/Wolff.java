package org.boltzmann4j.kernel.spin;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.SpinLattice;

/**
 * Wolff single-cluster updates for a {@link SpinLattice} at h = 0: from a uniformly chosen seed
 * site, a cluster grows over satisfied bonds (J s_i s_j > 0), each taken with probability
 * 1 - exp(-2β|J|), and is flipped; rejection-free, so {@link #acceptance()} is 1.
 *
 * <p>Sweep convention: one sweep flips about N spins on average. It is a fixed number of clusters,
 * n_c = max(1, round(N/⟨|C|⟩)), with the mean cluster size ⟨|C|⟩ measured while the kernel adapts:
 * until {@link #freeze()} every sweep grows clusters until N spins have flipped, and freezing fixes
 * n_c (if nothing was measured yet, the first sweep after freezing calibrates n_c that way).
 * A kernel built with an explicit n_c never adapts. One energy evaluation is counted per flipped spin.
 */
public final class Wolff implements MarkovKernel<byte[]>, Checkpointable {

    private final SpinLattice lattice;
    private final long addThreshold;
    private final boolean ferromagnetic;
    private final int[] mark;
    private final int[] cluster;
    private int stamp;
    private long rng;
    private int clustersPerSweep;
    private boolean frozen;
    private long clusters;
    private long flipped;

    /** Adaptive: n_c from the mean cluster size measured until {@link #freeze()}. */
    public Wolff(SpinLattice lattice) {
        this(lattice, 0, false);
    }

    /** A fixed number of clusters per sweep, n_c ≥ 1 (exact from the start). */
    public Wolff(SpinLattice lattice, int clustersPerSweep) {
        this(lattice, clustersPerSweep, true);
        if (clustersPerSweep < 1) {
            throw new IllegalArgumentException("clusters per sweep must be at least 1, got " + clustersPerSweep);
        }
    }

    private Wolff(SpinLattice lattice, int clustersPerSweep, boolean frozen) {
        if (lattice.field() != 0) {
            throw B4jException.badInput("wolff needs h=0 (a cluster flip ignores the field), got h=%s",
                    lattice.field());
        }
        this.lattice = lattice;
        this.addThreshold = SplitMix.threshold(-Math.expm1(-2 * lattice.inverseTemperature()
                * Math.abs(lattice.coupling())));
        this.ferromagnetic = lattice.coupling() >= 0;
        this.mark = new int[lattice.dimension()];
        this.cluster = new int[lattice.dimension()];
        this.clustersPerSweep = clustersPerSweep;
        this.frozen = frozen;
    }

    /** Clusters per sweep; 0 while still adapting. */
    public int clustersPerSweep() {
        return frozen ? clustersPerSweep : 0;
    }

    /** Mean cluster size over every cluster this kernel has grown. */
    public double meanClusterSize() {
        return clusters == 0 ? 0 : flipped / (double) clusters;
    }

    @Override
    public void sweep(Chains<byte[]> chains) {
        int n = lattice.dimension();
        double dUPerBond = -lattice.inverseTemperature() * lattice.coupling();
        boolean fixed = frozen && clustersPerSweep > 0;
        long work = 0;
        for (int c = 0; c < chains.size(); c++) {
            byte[] s = chains.state(c);
            rng = chains.rng(c).nextLong();
            long dB = 0;
            int flippedHere = 0;
            int grown = 0;
            while (fixed ? grown < clustersPerSweep : flippedHere < n) {
                int size = grow(s);
                dB += boundaryChange(s, size);
                flippedHere += size;
                grown++;
            }
            clusters += grown;
            flipped += flippedHere;
            work += flippedHere;
            chains.setEnergy(c, chains.energy(c) + dUPerBond * dB);
        }
        if (frozen && !fixed) {
            clustersPerSweep = calibrated();
        }
        chains.countEnergyEvaluations(work);
    }

    private int calibrated() {
        return (int) Math.max(1, Math.round(lattice.dimension() / meanClusterSize()));
    }

    /** Grows the cluster of a random seed site, flipping as it goes; returns its size, sites in cluster[0..size). */
    private int grow(byte[] s) {
        int[] nb = lattice.neighbours();
        int z = lattice.coordination();
        int n = s.length;
        long thr = addThreshold;
        long r = rng + SplitMix.GAMMA;
        int seed = (int) (((SplitMix.mix(r) >>> 32) * n) >>> 32);
        int tag = ++stamp;
        if (tag == 0) {
            Arrays.fill(mark, 0);
            tag = stamp = 1;
        }
        mark[seed] = tag;
        s[seed] = (byte) -s[seed];
        cluster[0] = seed;
        int head = 0;
        int tail = 1;
        while (head < tail) {
            int i = cluster[head++];
            // j joins when its bond to i was satisfied before i flipped
            int want = ferromagnetic ? -s[i] : s[i];
            for (int m = i * z; m < i * z + z; m++) {
                int j = nb[m];
                if (mark[j] != tag && s[j] == want) {
                    r += SplitMix.GAMMA;
                    if ((SplitMix.mix(r) >>> 32) < thr) {
                        mark[j] = tag;
                        s[j] = (byte) -s[j];
                        cluster[tail++] = j;
                    }
                }
            }
        }
        rng = r;
        return tail;
    }

    /** ΔB of the cluster flip just made: 2 Σ over boundary bonds of s_i s_j (after the flip). */
    private long boundaryChange(byte[] s, int size) {
        int[] nb = lattice.neighbours();
        int z = lattice.coordination();
        int tag = stamp;
        long sum = 0;
        for (int a = 0; a < size; a++) {
            int i = cluster[a];
            for (int m = i * z; m < i * z + z; m++) {
                int j = nb[m];
                if (mark[j] != tag) {
                    sum += s[i] * s[j];
                }
            }
        }
        return 2 * sum;
    }

    @Override
    public double acceptance() {
        return 1;
    }

    @Override
    public void resetAcceptance() {
    }

    @Override
    public void freeze() {
        if (!frozen) {
            frozen = true;
            clustersPerSweep = clusters == 0 ? 0 : calibrated();
        }
    }

    /** The calibration of clusters per sweep and the cluster counts (the marks are scratch). */
    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(clustersPerSweep);
        out.writeBoolean(frozen);
        out.writeLong(clusters);
        out.writeLong(flipped);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        clustersPerSweep = in.readInt();
        frozen = in.readBoolean();
        clusters = in.readLong();
        flipped = in.readLong();
    }
}
