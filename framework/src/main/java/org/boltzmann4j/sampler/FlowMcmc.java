package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.RestorableRandom;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.model.BatchView;
import org.boltzmann4j.model.GenerativeModel;
import org.boltzmann4j.model.flow.Flow;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.Configurations;
import org.boltzmann4j.system.ContinuousSystem;

/**
 * Adaptive Monte Carlo augmented with a normalizing flow (Gabrié, Rotskoff and Vanden-Eijnden,
 * PNAS 2022). Every cycle, each chain makes {@code localSteps} local sweeps and one independent
 * Metropolis-Hastings step whose proposal is drawn from the flow, accepted with
 * min(1, exp(-U(x') - ln q(x') + U(x) + ln q(x))) ({@link IndependentMetropolisKernel}). During
 * training the flow is fitted by maximum likelihood to the chains' recent states (objective
 * {@code ml}), by reverse KL to exp(-U) from U and ∇U alone ({@code kl}; Noé et al., Science 2019),
 * or by one step of each per cycle ({@code mixed}); it is then frozen, the chains warm up under the
 * frozen flow and kernel unrecorded ({@code warmup_fraction}: an adaptive phase leaves them out of the
 * frozen chain's equilibrium), and production follows, where the chain is an exact Markov chain and
 * every estimate is taken; the flow's proposals there, i.i.d.
 * draws from a fixed q, also give ln Z, by importance sampling and, with the chains' states after
 * their local moves, by Bennett's acceptance ratio ({@link ModelProposals#bridging}). A composition
 * of {@link Sweeps}, {@link ModelProposals} and {@link ModelFit} on the {@link CycleEngine}.
 *
 * <p>With {@code equivariant}, the flow q̃ is trained on canonical images of the states (the
 * sign-flip image closest to the first metastable state) and proposals come from its group average
 * q(x) = [q̃(x) + q̃(-x)]/2, so q(-x) = q(x) exactly and a flow that saw one mode proposes both.
 */
public final class FlowMcmc implements Sampler<double[]> {

    private final FlowMcmcSettings settings;
    private final Function<ContinuousSystem, MarkovKernel<double[]>> kernelFactory;

    public FlowMcmc(FlowMcmcSettings settings,
                    Function<ContinuousSystem, MarkovKernel<double[]>> kernelFactory) {
        this.settings = settings;
        this.kernelFactory = kernelFactory;
    }

    /** Chains, kernels, the flow with its optimizer and the training buffer are checkpointed. */
    @Override
    public boolean checkpoints() {
        return true;
    }

    /** Training cycles per acceptance measurement of {@link KeepBestModel}. */
    static final int KEEP_WINDOW = 10;

    @Override
    public RunRecord run(BoltzmannSystem<double[]> system, RunContext context) {
        ContinuousSystem sys = (ContinuousSystem) system;
        int n = settings.chains();
        MarkovKernel<double[]> kernel = kernelFactory.apply(sys);
        Chains<double[]> chains = Chains.start(sys, InitialStates.of(sys, n, settings.init()), Configurations::copy,
                context.seed());
        SplittableRandom root = new SplittableRandom(context.seed() ^ 0x9E3779B97F4A7C15L);
        ModelTraining.Built<double[], Flow> built = new FlowTraining(settings.flow(), settings.batch(),
                settings.trainFraction(), settings.equivariant(), 0, 1).build(sys, root);
        RestorableRandom modelRng = new RestorableRandom(root.nextLong()); // proposals and training, checkpointed
        Flow flow = built.model();
        GenerativeModel<double[]> model = built.sampling();
        IndependentMetropolisKernel<double[]> global = IndependentMetropolisKernel.of(sys, model, modelRng);

        // Training: local sweeps + one flow proposal per cycle, then a step of the flow's objective;
        // a warm-up of production's cycles, frozen and unrecorded (without training, a warm-up of the
        // training cycles but the fit, in which the chains leave their start and the local step
        // adapts); production: frozen flow and kernel, an exact chain, recorded after every flow proposal.
        List<Step<double[]>> local = settings.localSteps() > 0
                ? List.of(Sweeps.local(kernel, settings.localSteps())) : List.of();
        List<Step<double[]>> training = new ArrayList<>(local);
        training.add(new ModelProposals<>(global, 1, false));
        KeepBestModel<double[]> keep = new KeepBestModel<>(flow, global, KEEP_WINDOW); // before the fit changes it
        training.add(keep);
        training.add(new ModelFit<>(flow, settings.objective(), settings.batch(), settings.bufferCycles(), n,
                () -> built.reverseKl().step(1, modelRng).freeEnergy(), built.canonicalize(), BatchView.REAL,
                modelRng));
        List<Step<double[]>> production = new ArrayList<>(local);
        ModelProposals<double[]> proposals = ModelProposals.keepingOrderParameter(sys, global, settings.globalSteps(),
                true);
        production.add(local.isEmpty() ? proposals : proposals.bridging(n));
        List<Step<double[]>> warmup = new ArrayList<>(local);
        warmup.add(new ModelProposals<>(global, 1, false));
        CycleEngine.Phase<double[]> recorded = CycleEngine.Phase.production("cycles", production);
        double warmupShare = settings.warmupFraction();
        CycleEngine.Plan<double[]> plan = settings.trainFraction() > 0
                ? new CycleEngine.Plan<>(CycleEngine.Phase.training(training), settings.trainFraction(), warmupShare,
                recorded, false)
                : new CycleEngine.Plan<>(warmupShare > 0 ? CycleEngine.Phase.warmup("cycles", warmup) : null,
                warmupShare, recorded, false);
        RunRecord record = CycleEngine.run(sys, chains, plan, context.budget(), context.progress(), null,
                context.checkpoints());
        if (context.modelDir() != null) {
            flow.save(context.modelDir());
        }
        if (keep.restoredWarning() != null) {
            record.warnings().add(keep.restoredWarning());
            record.details().put("model_from_training_cycle", keep.restoredFrom());
        }
        if (settings.trainFraction() == 0 && settings.flow().initModel() == null) {
            record.warnings().add("train_fraction = 0: the flow is untrained");
        }
        record.details().put("objective", settings.objective());
        record.details().put("flow_parameters", flow.parameterCount());
        record.details().put("symmetrized_over", built.symmetrized()
                ? sys.symmetries().signFlipSubgroup().elements().stream().map(s -> s.name()).toList() : List.of());
        return record;
    }
}
