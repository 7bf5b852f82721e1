package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.SpinSystem;

/**
 * Neural MCMC ({@code nmcmc}; Nicoli et al., PRE 101, 023304 (2020)): trains an autoregressive model
 * by reverse KL, then runs chains whose cycles are one independent Metropolis-Hastings step with a
 * model proposal ({@link IndependentMetropolisKernel}) followed by local sweeps of a caller-chosen
 * kernel. Exact whatever the model learned.
 */
public final class NeuralMcmc implements Sampler<byte[]> {

    public static final String NAME = "nmcmc";

    private final NeuralSpinSettings settings;
    private final int chains;
    private final int localSweeps;
    private final Function<SpinSystem, MarkovKernel<byte[]>> localKernel;

    /**
     * @param settings    model and training settings
     * @param chains      number of chains
     * @param localSweeps local sweeps per cycle (0: model proposals only)
     * @param localKernel builds the local kernel for a system; may be null when localSweeps = 0
     */
    public NeuralMcmc(NeuralSpinSettings settings, int chains, int localSweeps,
                      Function<SpinSystem, MarkovKernel<byte[]>> localKernel) {
        if (localSweeps > 0 && localKernel == null) {
            throw new IllegalArgumentException("local sweeps need a local kernel");
        }
        this.settings = settings;
        this.chains = chains;
        this.localSweeps = localSweeps;
        this.localKernel = localKernel;
    }

    @Override
    public RunRecord run(BoltzmannSystem<byte[]> system, RunContext context) {
        SpinSystem spins = NeuralSpinSettings.spinSystem(system, NAME);
        SplittableRandom root = new SplittableRandom(context.seed());
        Budget training = context.budget().split(settings.trainFraction());
        AutoregressiveTraining.Trained trained = AutoregressiveTraining.train(spins, settings, context, training, root);
        MarkovKernel<byte[]> global = IndependentMetropolisKernel.of(spins, trained.sampling(), new SplittableRandom(root.nextLong()));
        MarkovKernel<byte[]> local = localSweeps > 0 ? localKernel.apply(spins) : null;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("local_sweeps", localSweeps);
        Budget production = context.budget().after(training.steps());
        return AutoregressiveTraining.runChains(spins, context, trained, production, chains, global, local, localSweeps,
                root, details, new ArrayList<>());
    }

    /**
     * Registry entry of {@code nmcmc}.
     *
     * @param localKernel builds the local kernel (e.g. single-spin Metropolis) for a system
     */
    public static SamplerFactory factory(Function<SpinSystem, MarkovKernel<byte[]>> localKernel) {
        List<ParameterSpec> specs = new ArrayList<>(NeuralSpinSettings.specs(0.5));
        specs.add(1, NeuralSpinSettings.CHAINS);
        specs.add(2, NeuralSpinSettings.LOCAL_SWEEPS);
        return new SamplerEntry(NAME, "independent Metropolis-Hastings with proposals from a reverse-KL trained "
                + "autoregressive model, mixed with local sweeps", specs,
                s -> NeuralSpinSettings.unsupportedReason(s, NAME),
                (s, p) -> new NeuralMcmc(NeuralSpinSettings.from(p).requireFits(s), p.integer("chains"), p.integer("local_sweeps"),
                        localKernel));
    }
}
