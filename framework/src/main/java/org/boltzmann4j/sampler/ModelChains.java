package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.Configurations;

/** The production chains of nmcmc and ncus on the {@link CycleEngine}, after a model was trained. */
final class ModelChains {

    /**
     * Share of the production budget that the chains of nmcmc and ncus spend in an unrecorded
     * warm-up: they start from model samples, which are not yet samples of exp(-U) (when the model is
     * poor, far from them), and an adaptive local kernel tunes its step there.
     */
    static final double WARMUP_SHARE = 0.1;
    /** That share as the samplers' {@code warmup_fraction}. */
    static final ParameterSpec WARMUP = ParameterSpec.real("warmup_fraction", WARMUP_SHARE, 0, 0.95, "",
            "share of the budget left after training in which the chains, started from model samples, warm up "
                    + "unrecorded (an adaptive local kernel tunes its step there)");

    private ModelChains() {
    }

    /**
     * Runs {@code chains} chains started from model samples on what the training left of the
     * budget, each cycle being the model-based step ({@link ModelProposals} or {@link Sweeps} of a
     * {@link NeuralClusterKernel}) followed by {@code localSweeps} sweeps of the local kernel. The
     * first {@code warmupShare} (0: none; {@link #WARMUP} of the samplers) lets the chains
     * leave their start and the local kernel adapt, and records nothing; then
     * every observable of every chain is recorded after every cycle. At least one recorded cycle
     * runs. The record holds the training's history, details and warnings, then the chains'. The
     * chains checkpoint (the model, trained before, is not part of the checkpoint).
     *
     * @param details facts of the sampler, added to the record's details
     */
    static <C> RunRecord run(BoltzmannSystem<C> system, RunContext context, TrainedModel<C, ?> trained, int chains,
                             Step<C> global, MarkovKernel<C> local, int localSweeps, double warmupShare,
                             SplittableRandom root, Map<String, Object> details) {
        SystemBatches<C> batches = SystemBatches.of(system);
        C xs = batches.view().allocate(chains, system.dimension());
        trained.sampling().sample(chains, root.split(), xs, new double[chains]);
        List<C> initial = new ArrayList<>(chains);
        for (int c = 0; c < chains; c++) {
            initial.add(batches.view().get(xs, c, system.newConfiguration()));
        }
        Chains<C> state = Chains.start(system, initial, Configurations::copy, root.nextLong());
        List<Step<C>> cycle = new ArrayList<>(List.of(global));
        if (local != null && localSweeps > 0) {
            cycle.add(Sweeps.local(local, localSweeps));
        }
        CycleEngine.Phase<C> warmup = warmupShare > 0 ? CycleEngine.Phase.warmup("cycles", cycle) : null;
        cycle.add(Step.record());
        RunRecord record = CycleEngine.run(system, state, new CycleEngine.Plan<>(warmup, warmupShare,
                CycleEngine.Phase.production("cycles", cycle), true), context.budget().after(trained.steps()),
                context.progress(), trained, context.checkpoints());
        record.details().putAll(details);
        record.details().put("chains", chains);
        return record;
    }
}
