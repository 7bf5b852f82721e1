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
import org.boltzmann4j.model.autoregressive.AutoregressiveModel;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.SpinSystem;

/**
 * Neural cluster updates ({@code ncus}; Wu, Rossi and Carleo, PRR 3, L042024 (2021)): trains an
 * autoregressive model by reverse KL, then runs chains whose cycles are one partial regeneration
 * after a random symmetry move ({@link NeuralClusterKernel}) followed by local sweeps of a
 * caller-chosen kernel. Regenerating k ≪ D sites keeps acceptance high where whole-configuration
 * proposals would almost always be rejected. The chains start from model samples and warm up,
 * unrecorded, on a first share of the budget left after training.
 */
public final class NeuralClusterUpdates implements Sampler<byte[]> {

    public static final String NAME = "ncus";

    private final NeuralSpinSettings settings;
    private final int chains;
    private final int kmax;
    private final int localSweeps;
    private final Function<SpinSystem, MarkovKernel<byte[]>> localKernel;
    private final double warmupFraction;

    /**
     * @param settings    model and training settings
     * @param chains      number of chains
     * @param kmax        largest number of regenerated sites (0: all sites)
     * @param localSweeps local sweeps per cycle (0: cluster updates only)
     * @param localKernel builds the local kernel for a system; may be null when localSweeps = 0
     * @param warmupFraction share of the budget left after training spent warming up, unrecorded
     */
    public NeuralClusterUpdates(NeuralSpinSettings settings, int chains, int kmax, int localSweeps,
                                Function<SpinSystem, MarkovKernel<byte[]>> localKernel, double warmupFraction) {
        if (localSweeps > 0 && localKernel == null) {
            throw new IllegalArgumentException("local sweeps need a local kernel");
        }
        this.settings = settings;
        this.chains = chains;
        this.kmax = kmax;
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
    public RunRecord run(BoltzmannSystem<byte[]> system, RunContext context) {
        SpinSystem spins = NeuralSpinSettings.spinSystem(system, NAME);
        int k = kmax == 0 ? spins.dimension() : Math.min(kmax, spins.dimension());
        SplittableRandom root = new SplittableRandom(context.seed());
        TrainedModel<byte[], AutoregressiveModel> trained = settings.train(spins, context,
                context.budget().split(settings.trainFraction()), root);
        NeuralClusterKernel global = new NeuralClusterKernel(spins, trained.model(), k, root.nextLong());
        MarkovKernel<byte[]> local = localSweeps > 0 ? localKernel.apply(spins) : null;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kmax", k);
        details.put("local_sweeps", localSweeps);
        details.put("symmetry_group_order", spins.symmetries().order());
        return ModelChains.run(spins, context, trained, chains, new Sweeps<>(global, 1, Sweeps.GLOBAL), local,
                localSweeps, warmupFraction, root, details);
    }

    /**
     * Registry entry of {@code ncus}.
     *
     * @param spinKernels builds the kernel named by {@code spin_kernel} for a spin system
     */
    public static SamplerFactory factory(NeuralSpinSettings.SpinKernels spinKernels) {
        List<ParameterSpec> specs = new ArrayList<>(NeuralSpinSettings.specs(0.5));
        specs.add(1, NeuralSpinSettings.CHAINS);
        specs.add(2, ParameterSpec.integer("kmax", 0, 0, Integer.MAX_VALUE,
                "largest number of regenerated sites, k uniform in [1, kmax] (0: all sites)"));
        specs.add(3, NeuralSpinSettings.LOCAL_SWEEPS);
        specs.add(4, NeuralSpinSettings.SPIN_KERNEL);
        specs.add(5, ModelChains.WARMUP);
        return new SamplerEntry(NAME, "neural cluster updates: regenerate the last k sites from a reverse-KL trained "
                + "autoregressive model after a random lattice symmetry, mixed with sweeps of sampler.spin_kernel; "
                + "chains start from model samples and warm up unrecorded (sampler.warmup_fraction)", specs,
                s -> NeuralSpinSettings.unsupportedReason(s, NAME), (s, p) -> create((SpinSystem) s, p, spinKernels));
    }

    private static NeuralClusterUpdates create(SpinSystem system, Parameters p,
                                               NeuralSpinSettings.SpinKernels spinKernels) {
        int localSweeps = p.integer("local_sweeps");
        return new NeuralClusterUpdates(NeuralSpinSettings.from(p, SavedModels.family(NAME, system, p, "made"))
                .requireFits(system), p.integer("chains"), p.integer("kmax"), localSweeps,
                localSweeps > 0 ? spinKernels.named(p.text("spin_kernel"), system) : null,
                p.real("warmup_fraction"));
    }
}
