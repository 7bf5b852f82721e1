package org.boltzmann4j.sampler;

import java.util.List;
import java.util.function.Function;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ContinuousSystem;

/** Registry entry of {@code flow-mcmc}. */
public final class FlowMcmcFactory implements SamplerFactory {

    /** The local kernel on continuous systems, and its parameters beside step, target_acceptance and adapt. */
    static final ParameterSpec KERNEL = ParameterSpec.choice("kernel", "mala", List.of("mala", "hmc", "metropolis"),
            "local kernel between model proposals");
    static final ParameterSpec LEAPFROG = ParameterSpec.integer("leapfrog", 10, 1, 10000,
            "leapfrog steps per trajectory (kernel=hmc)");

    @Override
    public String name() {
        return "flow-mcmc";
    }

    @Override
    public String description() {
        return "adaptive local + normalizing-flow-proposal MCMC (Gabrie et al. 2022), the flow trained by "
                + "sampler.objective, then frozen production (whose flow proposals and chains also give ln Z, by "
                + "Bennett's acceptance ratio)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                LocalSamplerFactory.CHAINS,
                KERNEL,
                ParameterSpec.choice("model", ModelChoice.REALNVP, ModelChoice.FLOWS,
                        "generative model: realnvp (affine coupling flow), convflow (checkerboard couplings with "
                                + "circular convolutions, translation-equivariant, for L x L lattice fields) or eacf ("
                                + FlowSettings.EACF_SUMMARY + ")"),
                FlowMcmcSettings.OBJECTIVE,
                InitialStates.PARAMETER,
                ParameterSpec.flag("equivariant", true,
                        "average the flow over the system's sign flip so that q(-x) = q(x) (where declared)"),
                ParameterSpec.real("train_fraction", 0.5, 0, 0.99, "",
                        "share of the budget spent training the flow (0: none)"),
                FlowMcmcSettings.WARMUP,
                ParameterSpec.integer("local_steps", 10, 0, 100000, "local sweeps per cycle"),
                ParameterSpec.integer("global_steps", 4, 1, 1000,
                        "flow proposals per cycle in production, each recorded (training makes one per cycle)"),
                LocalSamplerFactory.step(0.05),
                LocalSamplerFactory.target(0.574),
                LocalSamplerFactory.ADAPT,
                LEAPFROG,
                FlowSettings.BASE,
                ParameterSpec.integer("hidden", 128, 1, 8192, "realnvp: conditioner width H; eacf: 4 x the width of the per-particle MLPs"),
                FlowSettings.COUPLINGS,
                FlowSettings.CHANNELS,
                FlowSettings.Z2,
                FlowSettings.BINS,
                ParameterSpec.real("lr", 3e-4, 1e-7, 1, "", "Adam learning rate (1e-3 trained the phi4-chain flow measurably worse; eacf: a tenth of it)"),
                ParameterSpec.integer("batch", 256, 1, 1 << 16, "training minibatch size"),
                ParameterSpec.integer("buffer_cycles", 8, 1, 10000, "cycles of chain states kept for training"),
                FlowSettings.FLOAT32,
                SavedModels.INIT_MODEL);
    }

    @Override
    public String unsupportedReason(BoltzmannSystem<?> system) {
        return system instanceof ContinuousSystem ? null
                : "sampler flow-mcmc needs a continuous system; " + system.name() + " is not one (try nmcmc)";
    }

    @Override
    public Sampler<?> create(BoltzmannSystem<?> system, Parameters p) {
        SavedModels.family(name(), system, p, ModelChoice.REALNVP);
        FlowMcmcSettings settings = new FlowMcmcSettings(p.integer("chains"), p.integer("local_steps"), p.integer("global_steps"),
                p.text("init"),
                p.flag("equivariant"), p.real("train_fraction"), p.real("warmup_fraction"), p.integer("batch"),
                p.integer("buffer_cycles"),
                p.text("objective"), FlowSettings.from(p, p.text("model")).requireFits(system));
        return new FlowMcmc(settings, localKernel(p));
    }

    /** Builds the local kernel named by {@link #KERNEL} with its step parameters. */
    @SuppressWarnings("unchecked")
    static Function<ContinuousSystem, MarkovKernel<double[]>> localKernel(Parameters p) {
        LocalSamplerFactory local = (LocalSamplerFactory) Samplers.factory(p.text("kernel"));
        return s -> (MarkovKernel<double[]>) local.kernel().apply(s, p);
    }
}
