package org.boltzmann4j.kernel.spin;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.stream.IntStream;

import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.SpinLattice;

/**
 * What single-spin kernels share: one sweep visits N sites per chain, each chain driven by a
 * {@link SplitMix} stream seeded from the chain's own random generator, so results do not depend
 * on how chains are scheduled over threads (large batches of chains run in parallel). The hot loop
 * reports integer changes of the bond sum B and magnetization M, from which U is updated exactly:
 * ΔU = β(-J ΔB - h ΔM). One energy evaluation is counted per attempted spin update.
 */
abstract class SingleSpinKernel implements MarkovKernel<byte[]>, Checkpointable {

    /** Below this many spins per sweep (all chains together) chains run on the calling thread. */
    private static final long PARALLEL_SPINS = 1 << 15;

    protected final SpinLattice lattice;
    protected final SiteOrder order;
    private long updated;
    private long attempted;

    SingleSpinKernel(SpinLattice lattice, SiteOrder order) {
        this.lattice = lattice;
        this.order = order;
    }

    /**
     * Sweeps one chain. Writes ΔB, ΔM and the number of changed spins to
     * {@code out[offset..offset+3)}.
     */
    abstract void sweepChain(byte[] s, long seed, int[] out, int offset);

    @Override
    public final void sweep(Chains<byte[]> chains) {
        int n = chains.size();
        int sites = lattice.dimension();
        long[] seeds = new long[n];
        for (int c = 0; c < n; c++) {
            seeds[c] = chains.rng(c).nextLong();
        }
        int[] out = new int[3 * n];
        if (n > 1 && (long) n * sites >= PARALLEL_SPINS) {
            IntStream.range(0, n).parallel().forEach(c -> sweepChain(chains.state(c), seeds[c], out, 3 * c));
        } else {
            for (int c = 0; c < n; c++) {
                sweepChain(chains.state(c), seeds[c], out, 3 * c);
            }
        }
        double beta = lattice.inverseTemperature();
        double J = lattice.coupling();
        double h = lattice.field();
        for (int c = 0; c < n; c++) {
            chains.setEnergy(c, chains.energy(c) + beta * (-J * out[3 * c] - h * out[3 * c + 1]));
            updated += out[3 * c + 2];
        }
        attempted += (long) n * sites;
        chains.countEnergyEvaluations((long) n * sites);
    }

    /** Fraction of attempted updates that changed the spin. */
    @Override
    public final double acceptance() {
        return attempted == 0 ? 0 : updated / (double) attempted;
    }

    @Override
    public final void resetAcceptance() {
        updated = 0;
        attempted = 0;
    }

    /** Nothing adapts. */
    @Override
    public final void freeze() {
    }

    /** The acceptance counts. */
    @Override
    public final void writeState(DataOutput out) throws IOException {
        out.writeLong(updated);
        out.writeLong(attempted);
    }

    @Override
    public final void readState(DataInput in) throws IOException {
        updated = in.readLong();
        attempted = in.readLong();
    }
}
