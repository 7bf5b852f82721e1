package org.boltzmann4j.kernel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * Parallel tempering (replica exchange) as a {@link MarkovKernel}: R replicas on a geometric
 * ladder β_0 = β_min < ... < β_{R-1} = β of the system, each advanced by its own base kernel (built
 * by a factory from {@link BoltzmannSystem#atBeta(double)}), then neighbour pairs (r, r+1) swap
 * configurations with probability min(1, exp((β_r - β_{r+1})(E_r - E_{r+1}))), E = U/β. Swaps
 * alternate between even and odd pairs from sweep to sweep; chain c of one replica only swaps with
 * chain c of the next.
 *
 * <p>How it fits {@link Chains}: the {@code Chains} passed to {@link #sweep(Chains)} are the
 * target replica (β of the system), so samplers measure on them as with any kernel. On the first
 * sweep PT binds to them and starts one private {@code Chains} per hotter replica from copies of
 * their configurations, seeded from chain 0's stream; later sweeps must pass the same object.
 * Swaps copy configurations in place (configurations are arrays), and the work of every replica
 * is added to the target's energy-evaluation count. U must be β times a β-independent energy, as
 * for every tempered system here. A checkpoint holds the hotter replicas' chains, the base kernels'
 * states (when they are {@link Checkpointable}) and the swap counts.
 *
 * @param <C> configuration type, an array ({@code double[]} or {@code byte[]})
 */
public final class ParallelTempering<C> implements MarkovKernel<C>, Checkpointable {

    private final List<BoltzmannSystem<C>> systems = new ArrayList<>();
    private final List<MarkovKernel<C>> kernels = new ArrayList<>();
    private final double[] betas;
    private final long[] swapsAccepted;
    private final long[] swapsAttempted;
    private final List<Chains<C>> replicas = new ArrayList<>();
    private C scratch;
    private long sweeps;
    /** The hotter replicas' chains read from a checkpoint before the first sweep, or null. */
    private byte[] restoredReplicas;

    /**
     * @param system  the target system; its β is the top of the ladder
     * @param count   number of replicas R ≥ 2
     * @param betaMin the lowest β, in (0, β]
     * @param kernel  builds the base kernel of one replica from the system at that replica's β
     */
    public ParallelTempering(BoltzmannSystem<C> system, int count, double betaMin,
                             Function<BoltzmannSystem<C>, MarkovKernel<C>> kernel) {
        double beta = system.beta().orElseThrow(() -> B4jException.badInput(
                "pt needs a system with a beta parameter; %s has none", system.name()));
        if (count < 2) {
            throw B4jException.badInput("replicas=%d is not allowed: pt needs at least 2 replicas", count);
        }
        if (!(betaMin > 0 && betaMin <= beta)) {
            throw B4jException.badInput("beta_min=%s is not allowed: it must be in (0, beta=%s]", betaMin, beta);
        }
        betas = geometricLadder(betaMin, beta, count);
        for (int r = 0; r < count; r++) {
            BoltzmannSystem<C> at = r == count - 1 ? system : system.atBeta(betas[r]);
            systems.add(at);
            kernels.add(kernel.apply(at));
        }
        swapsAccepted = new long[count - 1];
        swapsAttempted = new long[count - 1];
    }

    /** β_r = β_min (β/β_min)^{r/(R-1)}, r = 0..R-1, ascending. */
    public static double[] geometricLadder(double betaMin, double beta, int count) {
        double[] b = new double[count];
        for (int r = 0; r < count; r++) {
            b[r] = betaMin * Math.pow(beta / betaMin, r / (double) (count - 1));
        }
        b[count - 1] = beta;
        return b;
    }

    /** The ladder, ascending; the last entry is the target β. */
    public double[] betas() {
        return betas.clone();
    }

    /** Chains of replica r (R-1 is the target); available after the first sweep. */
    public Chains<C> replica(int r) {
        if (replicas.isEmpty()) {
            throw new IllegalStateException("parallel tempering has not swept yet");
        }
        return replicas.get(r);
    }

    /** The base kernel of replica r. */
    public MarkovKernel<C> kernel(int r) {
        return kernels.get(r);
    }

    @Override
    public void sweep(Chains<C> chains) {
        int top = betas.length - 1;
        if (replicas.isEmpty()) {
            bind(chains);
        } else if (replicas.get(top) != chains) {
            throw new IllegalStateException("parallel tempering is bound to the chains of its first sweep");
        }
        long hotWork = 0;
        for (int r = 0; r < top; r++) {
            Chains<C> hot = replicas.get(r);
            long before = hot.energyEvaluations();
            kernels.get(r).sweep(hot);
            hotWork += hot.energyEvaluations() - before;
        }
        kernels.get(top).sweep(chains);
        chains.countEnergyEvaluations(hotWork);
        for (int r = (int) (sweeps & 1); r < top; r += 2) {
            swap(r, chains);
        }
        sweeps++;
    }

    private void bind(Chains<C> target) {
        if (restoredReplicas != null) {
            restoreReplicas(target);
            return;
        }
        long[] seeds = new long[betas.length - 1];
        for (int r = 0; r < seeds.length; r++) {
            seeds[r] = target.rng(0).nextLong();
        }
        List<C> initial = new ArrayList<>();
        for (int c = 0; c < target.size(); c++) {
            initial.add(target.state(c));
        }
        long work = 0;
        for (int r = 0; r < seeds.length; r++) {
            BoltzmannSystem<C> at = systems.get(r);
            Chains<C> hot = Chains.start(at, initial, x -> copy(x, at.newConfiguration()), seeds[r]);
            work += hot.energyEvaluations();
            replicas.add(hot);
        }
        replicas.add(target);
        scratch = systems.get(0).newConfiguration();
        target.countEnergyEvaluations(work);
    }

    private void restoreReplicas(Chains<C> target) {
        DataInput in = new DataInputStream(new ByteArrayInputStream(restoredReplicas));
        restoredReplicas = null;
        List<C> initial = new ArrayList<>();
        for (int c = 0; c < target.size(); c++) {
            initial.add(target.state(c));
        }
        try {
            for (int r = 0; r < betas.length - 1; r++) {
                BoltzmannSystem<C> at = systems.get(r);
                Chains<C> hot = Chains.start(at, initial, x -> copy(x, at.newConfiguration()), 0);
                hot.readState(in);
                replicas.add(hot);
            }
        } catch (IOException e) {
            throw B4jException.failure(e, "the checkpoint's replicas do not fit: %s", e.getMessage());
        }
        replicas.add(target);
        scratch = systems.get(0).newConfiguration();
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(sweeps);
        for (int r = 0; r < swapsAccepted.length; r++) {
            out.writeLong(swapsAccepted[r]);
            out.writeLong(swapsAttempted[r]);
        }
        for (MarkovKernel<C> k : kernels) {
            checkpointable(k).writeState(out);
        }
        out.writeBoolean(!replicas.isEmpty());
        if (!replicas.isEmpty()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream hot = new DataOutputStream(bytes);
            for (int r = 0; r < betas.length - 1; r++) {
                replicas.get(r).writeState(hot);
            }
            hot.flush();
            out.writeInt(bytes.size());
            out.write(bytes.toByteArray());
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        if (!replicas.isEmpty()) {
            throw new IllegalStateException("parallel tempering restores its state before its first sweep");
        }
        sweeps = in.readLong();
        for (int r = 0; r < swapsAccepted.length; r++) {
            swapsAccepted[r] = in.readLong();
            swapsAttempted[r] = in.readLong();
        }
        for (MarkovKernel<C> k : kernels) {
            checkpointable(k).readState(in);
        }
        if (in.readBoolean()) {
            restoredReplicas = new byte[in.readInt()];
            in.readFully(restoredReplicas);
        }
    }

    /** Whether every base kernel can be checkpointed, so that this kernel can. */
    public boolean checkpointable() {
        return kernels.stream().allMatch(k -> k instanceof Checkpointable);
    }

    private static Checkpointable checkpointable(MarkovKernel<?> k) {
        if (k instanceof Checkpointable c) {
            return c;
        }
        throw new IllegalStateException(k.getClass().getSimpleName() + " cannot be checkpointed");
    }

    /** Attempts to swap every chain of replicas r and r+1; random numbers from the target's streams. */
    private void swap(int r, Chains<C> target) {
        Chains<C> a = replicas.get(r);
        Chains<C> b = replicas.get(r + 1);
        double ba = betas[r];
        double bb = betas[r + 1];
        for (int c = 0; c < a.size(); c++) {
            double ea = a.energy(c) / ba;
            double eb = b.energy(c) / bb;
            double logRatio = (ba - bb) * (ea - eb);
            swapsAttempted[r]++;
            if (Metropolis.accepts(logRatio, target.rng(c))) {
                copy(a.state(c), scratch);
                copy(b.state(c), a.state(c));
                copy(scratch, b.state(c));
                a.setEnergy(c, ba * eb);
                b.setEnergy(c, bb * ea);
                swapsAccepted[r]++;
            }
        }
    }

    private static <C> C copy(C from, C to) {
        System.arraycopy(from, 0, to, 0, Array.getLength(from));
        return to;
    }

    /** Base-kernel acceptance of the target replica. */
    @Override
    public double acceptance() {
        return kernels.get(betas.length - 1).acceptance();
    }

    /** Fraction of accepted swaps over all pairs since the last {@link #resetAcceptance()}. */
    public double swapAcceptance() {
        long acc = 0;
        long att = 0;
        for (int r = 0; r < swapsAccepted.length; r++) {
            acc += swapsAccepted[r];
            att += swapsAttempted[r];
        }
        return att == 0 ? 0 : acc / (double) att;
    }

    /** Swap acceptance of each pair (r, r+1), r = 0..R-2. */
    public double[] swapAcceptances() {
        double[] p = new double[swapsAccepted.length];
        for (int r = 0; r < p.length; r++) {
            p[r] = swapsAttempted[r] == 0 ? 0 : swapsAccepted[r] / (double) swapsAttempted[r];
        }
        return p;
    }

    @Override
    public void resetAcceptance() {
        kernels.forEach(MarkovKernel::resetAcceptance);
        Arrays.fill(swapsAccepted, 0);
        Arrays.fill(swapsAttempted, 0);
    }

    @Override
    public void freeze() {
        kernels.forEach(MarkovKernel::freeze);
    }
}
