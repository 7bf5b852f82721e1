package org.boltzmann4j.sampler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.kernel.Chains;

/**
 * Keeps the model whose proposals were accepted most often while it trained. Placed between a
 * cycle's proposals and its training step, every {@code window} cycles it measures the global
 * acceptance of the last window and, when that is the best so far, keeps the model's state from the
 * window's start (the model of its first proposals); when training ends it restores the kept state
 * if training collapsed: the last window's acceptance below half the best, by more than 3 standard
 * errors (a drift down of a few percent, often traded for better importance weights, is left alone). Training steps on many
 * degrees of freedom can make a good model worse (φ⁴ chain at N = 1000: acceptance 0.73 from the
 * Laplace-mixture base before the first maximum-likelihood step, 7e-5 after two minutes of them);
 * this keeps such a training from costing production. Production uses a frozen model either way, so
 * the chain stays exact.
 *
 * @param <C> configuration type
 */
final class KeepBestModel<C> implements Step<C>, Checkpointable {

    /** The last window's acceptance, relative to the best, below which training counts as having collapsed. */
    static final double COLLAPSE = 0.5;

    private final Checkpointable model;
    private final IndependentMetropolisKernel<C> proposals;
    private final int window;
    private byte[] windowStart;
    private long proposedBefore;
    private long acceptedBefore;
    private byte[] best;
    private double bestAcceptance = -1;
    private long bestCycle;
    private double lastAcceptance = Double.NaN;
    private long lastProposals;
    private boolean restored;

    /**
     * @param model     the model in training (its state is what is kept)
     * @param proposals the kernel whose proposals from the model are counted
     * @param window    cycles per acceptance measurement
     */
    KeepBestModel(Checkpointable model, IndependentMetropolisKernel<C> proposals, int window) {
        this.model = model;
        this.proposals = proposals;
        this.window = window;
    }

    @Override
    public void apply(Chains<C> chains, Cycle cycle) {
        long n = cycle.number();
        if ((n - 1) % window == 0) {
            windowStart = state(model);
            proposedBefore = proposals.proposed();
            acceptedBefore = proposals.accepted();
        }
        if (n % window == 0) {
            lastProposals = proposals.proposed() - proposedBefore;
            lastAcceptance = lastProposals == 0 ? Double.NaN
                    : (proposals.accepted() - acceptedBefore) / (double) lastProposals;
            if (lastAcceptance > bestAcceptance) {
                bestAcceptance = lastAcceptance;
                best = windowStart;
                bestCycle = n - window + 1;
            }
        }
    }

    @Override
    public void freeze() {
        if (best == null || !(lastAcceptance >= 0)) {
            return;
        }
        double se = Math.sqrt(bestAcceptance * (1 - bestAcceptance) / Math.max(1, lastProposals));
        if (lastAcceptance < COLLAPSE * bestAcceptance && bestAcceptance - lastAcceptance > 3 * se) {
            try {
                model.readState(new DataInputStream(new ByteArrayInputStream(best)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            restored = true;
        }
    }

    /** A warning when the model was restored, else null. */
    String restoredWarning() {
        return restored ? String.format(Locale.ROOT, "training made the model's proposals worse: the best window "
                + "of training (cycles %d-%d) accepted %.3g of them, the last %.3g; production uses the model from the "
                + "start of that window", bestCycle, bestCycle + window - 1, bestAcceptance, lastAcceptance) : null;
    }

    /** The cycle whose model production uses, or 0 when it uses the last one. */
    long restoredFrom() {
        return restored ? bestCycle : 0;
    }

    @Override
    public List<Checkpointable> checkpoint() {
        return List.of(this);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        writeBytes(out, windowStart);
        writeBytes(out, best);
        out.writeLong(proposedBefore);
        out.writeLong(acceptedBefore);
        out.writeDouble(bestAcceptance);
        out.writeLong(bestCycle);
        out.writeDouble(lastAcceptance);
        out.writeLong(lastProposals);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        windowStart = readBytes(in);
        best = readBytes(in);
        proposedBefore = in.readLong();
        acceptedBefore = in.readLong();
        bestAcceptance = in.readDouble();
        bestCycle = in.readLong();
        lastAcceptance = in.readDouble();
        lastProposals = in.readLong();
    }

    private static byte[] state(Checkpointable model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.writeState(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeBytes(DataOutput out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < -1) {
            throw new IOException("a model state of " + length + " bytes");
        }
        if (length == -1) {
            return null;
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }
}
