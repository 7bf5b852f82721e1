package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.ObjIntConsumer;
import java.util.random.RandomGenerator;

import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.model.BatchView;
import org.boltzmann4j.model.DivergenceGuard;
import org.boltzmann4j.model.TrainableModel;

/**
 * The adaptive training phase of {@code flow-mcmc} and of {@code nmcmc} with objective {@code ml} or
 * {@code mixed} (Gabrié, Rotskoff and Vanden-Eijnden, PNAS 2022): every cycle, each chain makes
 * {@code localSweeps} local sweeps and one model proposal, then the model makes a training step:
 * maximum likelihood on a minibatch of the chains' recent states ({@code ml}), reverse KL from the
 * energy alone ({@code kl}, the chains then only burn in), or one of each ({@code mixed}).
 *
 * @param <C> configuration (and batch) type
 */
final class AdaptiveTraining<C> {

    /**
     * The schedule.
     *
     * @param localSweeps  local sweeps per cycle
     * @param batch        maximum-likelihood minibatch size
     * @param bufferCycles cycles of chain states kept for minibatches
     * @param objective    {@link FlowMcmcSettings#ML}, {@link FlowMcmcSettings#KL} or {@link FlowMcmcSettings#MIXED}
     */
    record Schedule(int localSweeps, int batch, int bufferCycles, String objective) {

        boolean usesChainSamples() {
            return !FlowMcmcSettings.KL.equals(objective);
        }

        boolean usesReverseKl() {
            return !FlowMcmcSettings.ML.equals(objective);
        }
    }

    /** What the phase did: cycles, seconds, curves (loss, reverse-KL loss for mixed, acceptances). */
    record Result(long cycles, double seconds, Map<String, RunRecord.Curve> history) {
    }

    private final Chains<C> chains;
    private final MarkovKernel<C> local;
    private final IndependentMetropolisKernel<C> global;
    private final TrainableModel<C> model;
    private final DoubleSupplier reverseKl;
    private final ObjIntConsumer<C> canonicalize;
    private final ReplayBuffer<C> buffer;
    private final C minibatch;
    private final Schedule schedule;
    private final RandomGenerator rng;

    /**
     * @param global       model proposals from the model being trained (or its symmetry average)
     * @param reverseKl    one reverse-KL step, returning its loss; null unless the objective uses it
     * @param canonicalize maps a minibatch of n states onto canonical images in place before ML; null: none
     * @param view         how configurations sit in a batch
     * @param rng          draws minibatches
     */
    AdaptiveTraining(Chains<C> chains, MarkovKernel<C> local, IndependentMetropolisKernel<C> global,
                     TrainableModel<C> model, DoubleSupplier reverseKl, ObjIntConsumer<C> canonicalize,
                     BatchView<C, C> view, Schedule schedule, RandomGenerator rng) {
        this.chains = chains;
        this.local = local;
        this.global = global;
        this.model = model;
        this.reverseKl = reverseKl;
        this.canonicalize = canonicalize;
        int capacity = schedule.bufferCycles() * chains.size();
        this.minibatch = view.allocate(schedule.batch(), model.dimension());
        this.buffer = new ReplayBuffer<>(view.allocate(capacity, model.dimension()), capacity, model.dimension());
        this.schedule = schedule;
        this.rng = rng;
    }

    /** Trains until the budget is spent; leaves the local kernel (null: none) frozen with its acceptance reset. */
    Result run(Budget budget, RunContext context) {
        DivergenceGuard guard = DivergenceGuard.standard("model training");
        List<double[]> lossCurve = new ArrayList<>();
        List<double[]> klCurve = new ArrayList<>();
        List<double[]> globalCurve = new ArrayList<>();
        List<double[]> localCurve = new ArrayList<>();
        long start = System.nanoTime();
        long cycles = 0;
        while (!budget.spent(cycles)) {
            for (int l = 0; local != null && l < schedule.localSweeps(); l++) {
                local.sweep(chains);
            }
            global.refresh(chains);
            double accepted = global.step(chains);
            double loss = Double.NaN;
            if (schedule.usesChainSamples()) {
                buffer.add(chains);
                buffer.draw(minibatch, schedule.batch(), rng);
                if (canonicalize != null) {
                    canonicalize.accept(minibatch, schedule.batch());
                }
                loss = model.maximumLikelihoodStep(minibatch, schedule.batch());
                guard.check(loss);
            }
            double kl = Double.NaN;
            if (schedule.usesReverseKl()) {
                kl = reverseKl.getAsDouble();
                guard.check(kl);
            }
            cycles++;
            double seconds = (System.nanoTime() - start) * 1e-9;
            lossCurve.add(new double[] {cycles, schedule.usesChainSamples() ? loss : kl});
            if (schedule.usesChainSamples() && schedule.usesReverseKl()) {
                klCurve.add(new double[] {cycles, kl});
            }
            globalCurve.add(new double[] {cycles, accepted});
            if (cycles % 10 == 0 && local != null) {
                localCurve.add(new double[] {cycles, local.acceptance()});
                local.resetAcceptance();
            }
            context.progress().update("training", budget.fractionDone(cycles, start),
                    String.format(Locale.ROOT, "loss %.2f  global acceptance %.2f  %.1f s",
                            schedule.usesChainSamples() ? loss : kl, accepted, seconds));
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        if (local != null) {
            local.freeze();
            local.resetAcceptance();
        }
        Map<String, RunRecord.Curve> history = new LinkedHashMap<>();
        history.put("loss", LocalSampler.curve("training cycle", lossCurve));
        if (!klCurve.isEmpty()) {
            history.put("loss_reverse_kl", LocalSampler.curve("training cycle", klCurve));
        }
        history.put("acceptance_global", LocalSampler.curve("training cycle", globalCurve));
        history.put("acceptance_local", LocalSampler.curve("training cycle", localCurve));
        return new Result(cycles, seconds, history);
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
