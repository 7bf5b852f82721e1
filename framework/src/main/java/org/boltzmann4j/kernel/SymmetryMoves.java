package org.boltzmann4j.kernel;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.GroupAction;

/**
 * Random symmetry moves: each chain proposes x' = g x with g uniform on a group (Haar measure for
 * continuous groups) and accepts with min(1, exp(-(U(x') - U(x)))). Every element preserves volume
 * and g is as likely as g⁻¹, so the proposal is symmetric and the kernel is exact; when the group is
 * an exact symmetry of U every move is accepted without evaluating U. Not ergodic alone: it moves
 * chains between symmetric images (the two Z2 vacua, permuted particles) and is meant to be
 * interleaved with local kernels.
 */
public final class SymmetryMoves<C> implements MarkovKernel<C>, Checkpointable {

    private final BoltzmannSystem<C> system;
    private final GroupAction<C> group;
    private long proposed;
    private long accepted;

    public SymmetryMoves(BoltzmannSystem<C> system, GroupAction<C> group) {
        this.system = system;
        this.group = group;
    }

    /** Moves over the system's whole symmetry group. */
    public static <C> SymmetryMoves<C> of(BoltzmannSystem<C> system) {
        return new SymmetryMoves<>(system, system.symmetryAction());
    }

    @Override
    public void sweep(Chains<C> chains) {
        C image = system.newConfiguration();
        for (int c = 0; c < chains.size(); c++) {
            C x = chains.state(c);
            var rng = chains.rng(c);
            group.applyRandom(x, image, rng);
            proposed++;
            double u = group.exact() ? chains.energy(c) : system.energy(image);
            if (!group.exact()) {
                chains.countEnergyEvaluations(1);
            }
            double logRatio = chains.energy(c) - u;
            if (Metropolis.accepts(logRatio, rng)) {
                System.arraycopy(image, 0, x, 0, java.lang.reflect.Array.getLength(x));
                chains.setEnergy(c, u);
                accepted++;
            }
        }
    }

    @Override
    public double acceptance() {
        return proposed == 0 ? Double.NaN : accepted / (double) proposed;
    }

    @Override
    public void resetAcceptance() {
        proposed = 0;
        accepted = 0;
    }

    /** Nothing adapts. */
    @Override
    public void freeze() {
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(proposed);
        out.writeLong(accepted);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        proposed = in.readLong();
        accepted = in.readLong();
    }
}
