package org.boltzmann4j.sampler;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.ObjIntConsumer;
import java.util.random.RandomGenerator;

import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.model.BatchView;
import org.boltzmann4j.model.DivergenceGuard;
import org.boltzmann4j.model.TrainableModel;

/**
 * One training step of the model per cycle, by its objective (Gabrié, Rotskoff and Vanden-Eijnden,
 * PNAS 2022 for {@code ml}; Noé et al., Science 2019 for {@code kl}): maximum likelihood on a
 * minibatch of the chains' recent states ({@link FlowMcmcSettings#ML}), reverse KL from the energy
 * alone ({@link FlowMcmcSettings#KL}, the chains then only burn in), or one of each
 * ({@link FlowMcmcSettings#MIXED}). Plots {@code loss} (and {@code loss_reverse_kl} for mixed). A
 * training step only: it does nothing in production. A checkpoint holds the model (parameters and
 * optimizer), the replay buffer and the minibatch stream; the divergence guards are not saved (they
 * only decide when training is declared diverged).
 *
 * @param <C> configuration (and batch) type
 */
final class ModelFit<C> implements Step<C>, Checkpointable {

    private final TrainableModel<C> model;
    private final String objective;
    private final int batch;
    private final DoubleSupplier reverseKl;
    private final ObjIntConsumer<C> canonicalize;
    private final ReplayBuffer<C> buffer;
    private final C minibatch;
    private final RandomGenerator rng;
    private final DivergenceGuard guard = DivergenceGuard.standard("model training");
    private double lastLoss = Double.NaN;

    /**
     * @param objective    ml, kl or mixed
     * @param batch        samples per step (chain states for ml, model samples for kl)
     * @param bufferCycles cycles of the chains' states kept for minibatches
     * @param chains       number of chains
     * @param reverseKl    one reverse-KL step of the model, returning its loss; unused for ml
     * @param canonicalize maps a minibatch of n states onto canonical images in place before ML; null: none
     * @param view         how configurations sit in a batch
     * @param rng          draws minibatches
     */
    ModelFit(TrainableModel<C> model, String objective, int batch, int bufferCycles, int chains,
             DoubleSupplier reverseKl, ObjIntConsumer<C> canonicalize, BatchView<C, C> view, RandomGenerator rng) {
        this.model = model;
        this.objective = objective;
        this.batch = batch;
        this.reverseKl = reverseKl;
        this.canonicalize = canonicalize;
        int capacity = bufferCycles * chains;
        this.buffer = usesChainStates()
                ? new ReplayBuffer<>(view.allocate(capacity, model.dimension()), capacity, model.dimension()) : null;
        this.minibatch = usesChainStates() ? view.allocate(batch, model.dimension()) : null;
        this.rng = rng;
    }

    private boolean usesChainStates() {
        return !FlowMcmcSettings.KL.equals(objective);
    }

    private boolean usesReverseKl() {
        return !FlowMcmcSettings.ML.equals(objective);
    }

    @Override
    public void apply(Chains<C> chains, Cycle cycle) {
        if (!cycle.adapting()) {
            return;
        }
        double loss = Double.NaN;
        if (usesChainStates()) {
            buffer.add(chains);
            buffer.draw(minibatch, batch, rng);
            if (canonicalize != null) {
                canonicalize.accept(minibatch, batch);
            }
            loss = model.maximumLikelihoodStep(minibatch, batch);
            guard.check(loss);
        }
        if (usesReverseKl()) {
            double kl = reverseKl.getAsDouble();
            guard.check(kl);
            chains.countEnergyEvaluations(batch);
            if (usesChainStates()) {
                cycle.plot("loss_reverse_kl", kl);
            } else {
                loss = kl;
            }
        }
        cycle.plot("loss", loss);
        lastLoss = loss;
    }

    /** The model, this step's buffer and its stream; null when the model or the stream cannot be saved. */
    @Override
    public List<Checkpointable> checkpoint() {
        if (!(model instanceof Checkpointable m) || !(rng instanceof Checkpointable stream)) {
            return null;
        }
        return List.of(m, stream, this);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeDouble(lastLoss);
        out.writeBoolean(buffer != null);
        if (buffer != null) {
            out.writeInt(buffer.size);
            out.writeInt(buffer.next);
            Checkpointable.writeArray(out, buffer.data);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        lastLoss = in.readDouble();
        if (in.readBoolean() != (buffer != null)) {
            throw new IOException("the checkpoint's training objective differs");
        }
        if (buffer != null) {
            buffer.size = in.readInt();
            buffer.next = in.readInt();
            Checkpointable.readArray(in, buffer.data);
        }
    }

    @Override
    public String status() {
        return String.format(Locale.ROOT, "loss %.2f", lastLoss);
    }

    /** The states of the last few cycles, from which training minibatches are drawn. */
    private static final class ReplayBuffer<C> {
        private final C data;
        private final int capacity;
        private final int d;
        private int size;
        private int next;

        ReplayBuffer(C data, int capacity, int d) {
            this.data = data;
            this.capacity = capacity;
            this.d = d;
        }

        void add(Chains<C> chains) {
            for (int c = 0; c < chains.size(); c++) {
                System.arraycopy(chains.state(c), 0, data, next * d, d);
                next = (next + 1) % capacity;
                size = Math.min(size + 1, capacity);
            }
        }

        void draw(C into, int m, RandomGenerator rng) {
            for (int k = 0; k < m; k++) {
                System.arraycopy(data, rng.nextInt(size) * d, into, k * d, d);
            }
        }
    }
}
