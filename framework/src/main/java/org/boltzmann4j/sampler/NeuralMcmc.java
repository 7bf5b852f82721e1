package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.kernel.RestorableRandom;
import org.boltzmann4j.model.TrainableModel;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.SpinSystem;

/**
 * Neural MCMC ({@code nmcmc}; Nicoli et al., PRE 101, 023304 (2020)): trains a model by reverse KL
 * (an autoregressive model on spins, a RealNVP flow on continuous systems), then runs chains whose
 * cycles are one independent Metropolis-Hastings step with a model proposal
 * ({@link IndependentMetropolisKernel}) followed by local sweeps of a caller-chosen kernel. Exact
 * whatever the model learned. The chains start from model samples; a first share of the production
 * budget ({@code warmupFraction}) lets them leave that start and an adaptive local kernel tune its
 * step, and is not recorded. With local sweeps, ln Z comes from
 * Bennett's acceptance ratio between the proposals and the chains' states
 * ({@link ModelProposals#bridging}); without, from the proposals' importance weights.
 *
 * @param <C> configuration (and batch) type
 */
public final class NeuralMcmc<C> implements Sampler<C> {

    public static final String NAME = "nmcmc";

    private final ModelTraining<C, ?> training;
    private final int chains;
    private final int localSweeps;
    private final Function<BoltzmannSystem<C>, MarkovKernel<C>> localKernel;
    private final double warmupFraction;

    /**
     * @param training       the model and its training
     * @param chains         number of chains
     * @param localSweeps    local sweeps per cycle (0: model proposals only)
     * @param localKernel    builds the local kernel for a system; may be null when localSweeps = 0
     * @param warmupFraction share of the production budget spent adapting, unrecorded (0: none)
     */
    NeuralMcmc(ModelTraining<C, ?> training, int chains, int localSweeps,
               Function<BoltzmannSystem<C>, MarkovKernel<C>> localKernel, double warmupFraction) {
        if (localSweeps > 0 && localKernel == null) {
            throw new IllegalArgumentException("local sweeps need a local kernel");
        }
        this.training = training;
        this.chains = chains;
        this.localSweeps = localSweeps;
        this.localKernel = localKernel;
        this.warmupFraction = warmupFraction;
    }

    /**
     * The chains checkpoint; the model does not: a resumed run trains it again (the same model for a
     * run bounded by steps) and continues the chains from the checkpoint.
     */
    @Override
    public boolean checkpoints() {
        return true;
    }

    @Override
    public RunRecord run(BoltzmannSystem<C> system, RunContext context) {
        SplittableRandom root = new SplittableRandom(context.seed());
        TrainedModel<C, ?> trained = training.train(system, context,
                context.budget().split(training.trainFraction()), root);
        IndependentMetropolisKernel<C> global = IndependentMetropolisKernel.of(system, trained.sampling(),
                new RestorableRandom(root.nextLong()));
        MarkovKernel<C> local = localSweeps > 0 ? localKernel.apply(system) : null;
        ModelProposals<C> proposals = ModelProposals.keepingOrderParameter(system, global, 1, false);
        return ModelChains.run(system, context, trained, chains, local == null ? proposals
                        : proposals.bridging(chains), local, localSweeps, warmupFraction, root,
                Map.of("local_sweeps", localSweeps));
    }

    /**
     * Registry entry of {@code nmcmc}.
     *
     * @param spinKernels builds the kernel named by {@code spin_kernel} for a spin system
     */
    public static SamplerFactory factory(NeuralSpinSettings.SpinKernels spinKernels) {
        List<ParameterSpec> specs = new ArrayList<>(ModelChoice.specs(0.5,
                List.of(FlowMcmcSettings.KL, FlowMcmcSettings.ML, FlowMcmcSettings.MIXED)));
        specs.add(2, NeuralSpinSettings.CHAINS);
        specs.add(3, NeuralSpinSettings.LOCAL_SWEEPS);
        specs.add(4, ModelChains.WARMUP);
        specs.add(5, NeuralSpinSettings.SPIN_KERNEL);
        specs.add(6, ParameterSpec.choice("kernel", FlowMcmcFactory.KERNEL.defaultValue().toString(),
                FlowMcmcFactory.KERNEL.choices(), "local kernel between model proposals on continuous systems "
                        + "(spins: spin_kernel)"));
        specs.add(7, LocalSamplerFactory.step(0.05));
        specs.add(8, LocalSamplerFactory.target(0.574));
        specs.add(9, LocalSamplerFactory.ADAPT);
        specs.add(10, FlowMcmcFactory.LEAPFROG);
        specs.add(11, ParameterSpec.integer("buffer_cycles", 8, 1, 10000,
                "objective ml or mixed: cycles of chain states kept for training"));
        return new SamplerEntry(NAME, "independent Metropolis-Hastings with proposals from a reverse-KL trained model "
                + "(autoregressive on spins, RealNVP flow on continuous systems), mixed with local sweeps (spins: "
                + "sampler.spin_kernel; continuous: sampler.kernel); chains start from model samples and warm up "
                + "unrecorded (sampler.warmup_fraction); with local sweeps, ln Z by Bennett's "
                + "acceptance ratio between the proposals and the chains", specs,
                s -> ModelChoice.unsupportedReason(s, NAME), (s, p) -> create(s, p, spinKernels));
    }

    private static <C, M extends TrainableModel<C>> ModelTraining<C, M> onChains(ModelTraining<C, M> training,
            Function<BoltzmannSystem<C>, MarkovKernel<C>> local, Parameters p) {
        return new ChainTraining<>(training, local, p.integer("chains"), p.integer("local_sweeps"),
                p.integer("buffer_cycles"), p.text("objective"));
    }

    @SuppressWarnings("unchecked")
    private static <C> Sampler<C> create(BoltzmannSystem<C> system, Parameters p,
                                         NeuralSpinSettings.SpinKernels spinKernels) {
        Function<BoltzmannSystem<C>, MarkovKernel<C>> local;
        if (system instanceof ContinuousSystem) {
            Function<ContinuousSystem, MarkovKernel<double[]>> kernel = FlowMcmcFactory.localKernel(p);
            local = s -> (MarkovKernel<C>) kernel.apply((ContinuousSystem) s);
        } else if (p.integer("local_sweeps") > 0) {
            Function<SpinSystem, MarkovKernel<byte[]>> kernel = spinKernels.named(p.text("spin_kernel"),
                    (SpinSystem) system);
            local = s -> (MarkovKernel<C>) kernel.apply((SpinSystem) s);
        } else {
            local = null;
        }
        ModelTraining<C, ?> training = ModelChoice.training(NAME, system, p);
        if (!p.text("objective").equals(FlowMcmcSettings.KL)) {
            training = onChains(training, local, p);
        }
        return new NeuralMcmc<>(training, p.integer("chains"), p.integer("local_sweeps"), local,
                p.real("warmup_fraction"));
    }
}
