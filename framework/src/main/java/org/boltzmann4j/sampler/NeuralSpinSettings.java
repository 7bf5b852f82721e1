package org.boltzmann4j.sampler;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.model.autoregressive.AutoregressiveModel;
import org.boltzmann4j.model.autoregressive.Han;
import org.boltzmann4j.model.autoregressive.Made;
import org.boltzmann4j.model.autoregressive.PixelCnn;
import org.boltzmann4j.model.autoregressive.ReverseKlTrainer;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.SpinSystem;
import org.boltzmann4j.system.SymmetryGroup;

/**
 * Model and reverse-KL training settings shared by the samplers built on autoregressive spin models
 * ({@code nis}, {@code nmcmc}, {@code ncus}); training anneals the target exp(-t U) from
 * t = annealStart to 1 and, with {@code symmetrize}, fits the spin-flip average itself.
 *
 * @param model         model family: {@code made}, {@code pixelcnn} or {@code han}
 * @param hidden        MADE, HAN: width of each hidden layer
 * @param layers        MADE, HAN: hidden layers (0: linear autoregressive model)
 * @param channels      PixelCNN: channels of each masked convolution
 * @param depth         PixelCNN: masked convolution layers
 * @param radius        PixelCNN: kernel radius
 * @param batch         samples per training step
 * @param learningRate  Adam step size
 * @param clipNorm      gradient clipping by global norm
 * @param trainFraction fraction of the budget spent training
 * @param symmetrize    train and sample the spin-flip average q(s) = [q̃(s) + q̃(-s)]/2
 * @param anneal        fraction of the training during which the target's β factor rises to 1
 * @param annealStart   the β factor at the start of training
 * @param initModel     a saved model to start from instead of a fresh one ({@link SavedModels}), or null
 */
public record NeuralSpinSettings(String model, int hidden, int layers, int channels, int depth, int radius,
                                 int batch, double learningRate, double clipNorm, double trainFraction,
                                 boolean symmetrize, double anneal, double annealStart, Path initModel)
        implements ModelTraining<byte[], AutoregressiveModel> {

    /** The parameter specs, with the given default training fraction. */
    public static List<ParameterSpec> specs(double defaultTrainFraction) {
        return List.of(
                ParameterSpec.choice("model", "made", List.of("made", "pixelcnn", "han"),
                        "autoregressive model: made (masked dense network), pixelcnn (masked convolutions, "
                                + "square lattices) or han (hierarchical autoregressive network, square lattices)"),
                ParameterSpec.integer("hidden", 128, 1, 65536,
                        "made: width of each hidden layer; han: of each level network's (at most its inputs)"),
                ParameterSpec.integer("layers", 1, 0, 2,
                        "made, han: hidden layers (0: linear autoregressive model)"),
                ParameterSpec.integer("channels", 16, 1, 1024, "pixelcnn: channels of each masked convolution"),
                ParameterSpec.integer("depth", 3, 1, 64, "pixelcnn: masked convolution layers"),
                ParameterSpec.integer("radius", 2, 1, 64, "pixelcnn: kernel radius"),
                ParameterSpec.integer("batch", 256, 2, 1 << 20, "samples per training step"),
                ParameterSpec.real("lr", 1e-3, 1e-8, 1, "", "Adam learning rate"),
                ParameterSpec.real("clip", 10, 1e-8, Double.POSITIVE_INFINITY, "", "gradient clipping (global norm)"),
                ParameterSpec.real("train_fraction", defaultTrainFraction, 0, 1, "",
                        "fraction of the budget (time or cycles) spent training the model"),
                ParameterSpec.flag("symmetrize", true, "average the model over the global spin flip"),
                ParameterSpec.real("anneal", 0.5, 0, 1, "",
                        "fraction of the training during which the target beta factor rises to 1"),
                ParameterSpec.real("anneal_start", 0.1, 1e-6, 1, "", "the target beta factor when training starts"),
                SavedModels.INIT_MODEL);
    }

    /** Reads the settings, with the model family given (sampler.model resolved against init_model). */
    static NeuralSpinSettings from(Parameters p, String model) {
        return new NeuralSpinSettings(model, p.integer("hidden"), p.integer("layers"), p.integer("channels"),
                p.integer("depth"), p.integer("radius"), p.integer("batch"),
                p.real("lr"), p.real("clip"), p.real("train_fraction"), p.flag("symmetrize"), SavedModels.anneal(p),
                p.real("anneal_start"), SavedModels.directory(p));
    }

    @Override
    public Built<byte[], AutoregressiveModel> build(BoltzmannSystem<byte[]> system, SplittableRandom root) {
        SpinSystem spins = (SpinSystem) system;
        AutoregressiveModel m = newModel(spins, root.nextLong());
        SymmetryGroup<byte[]> flip = symmetrize ? spins.symmetries().signFlipSubgroup() : null;
        boolean symmetrized = flip != null && flip.order() > 1;
        ReverseKlTrainer trainer = new ReverseKlTrainer(m, symmetrized ? flip : null, spins::energies, batch);
        String loader = switch (model) {
            case "pixelcnn" -> "PixelCnn";
            case "han" -> "Han";
            default -> "Made";
        };
        return new Built<>(m, trainer.samplingModel(), model, m.parameterCount(), symmetrized, (t, rng) -> {
            ReverseKlTrainer.Step step = trainer.step(t, rng);
            return new ReverseKlTraining.Outcome(step.freeEnergy(), step.logWeights());
        }, "org.boltzmann4j.model.autoregressive." + loader + ".load(dir)", null);
    }

    /**
     * The saved model when there is one (a HAN saved on another L × L lattice moved onto this one,
     * {@link Han#onLattice}), else a fresh model for the system. PixelCNN and HAN take the
     * sites as an L × L lattice numbered row by row, so they need a square number of sites.
     */
    public AutoregressiveModel newModel(SpinSystem system, long seed) {
        if (initModel != null) {
            AutoregressiveModel saved = (AutoregressiveModel) SavedModels.load(initModel);
            return saved instanceof Han han && han.dimension() != system.dimension()
                    ? han.onLattice(side(system), side(system), seed) : saved;
        }
        return switch (model) {
            case "pixelcnn" -> {
                int side = side(system);
                yield new PixelCnn(side, side, channels, depth, radius, learningRate, clipNorm, seed);
            }
            case "han" -> new Han(side(system), side(system), hidden, layers, learningRate, clipNorm, seed);
            default -> new Made(system.dimension(), hidden, layers, learningRate, clipNorm, seed);
        };
    }

    /** L of a system of L × L sites, for the lattice models. */
    private int side(BoltzmannSystem<?> system) {
        int d = system.dimension();
        int side = (int) Math.round(Math.sqrt(d));
        if (side * side != d) {
            throw B4jException.badInput("model=%s needs a square lattice (L x L sites); %s has %d sites", model,
                    system.name(), d);
        }
        return side;
    }

    static final ParameterSpec CHAINS = ParameterSpec.integer("chains", 256, 1, 1 << 20, "number of Markov chains");
    static final ParameterSpec LOCAL_SWEEPS = ParameterSpec.integer("local_sweeps", 1, 0, 1 << 20,
            "local sweeps per cycle");
    static final ParameterSpec SPIN_KERNEL = ParameterSpec.choice("spin_kernel", "metropolis",
            List.of("metropolis", "heat-bath", "wolff", "swendsen-wang"), "kernel of the sweeps between model "
                    + "moves on spin lattices: single-spin metropolis or heat-bath (sequential sites), or wolff or "
                    + "swendsen-wang cluster moves (h = 0), which relax the chains near T_c far faster");

    /**
     * Builds, by the name of {@link #SPIN_KERNEL}, the kernel of the sweeps that model-based spin
     * samplers interleave; throws bad input, before anything runs, for a kernel that does not fit.
     */
    @FunctionalInterface
    public interface SpinKernels {
        Function<SpinSystem, MarkovKernel<byte[]>> named(String name, SpinSystem system);
    }

    /** Doubles an optimizer step touches per model parameter: parameters, gradient, two Adam moments, slack. */
    private static final long DOUBLES_PER_PARAMETER = 5;

    /**
     * Checks, before anything is allocated, that the model for this system fits in the heap: a MADE
     * has d² direct connections plus 2dH (+H²) hidden weights, which grows fast with the lattice; a
     * HAN or a PixelCNN has few parameters, but the activations of a training batch (both sign-flip
     * images when symmetrized) grow like batch × L² × width.
     */
    public NeuralSpinSettings requireFits(BoltzmannSystem<?> system) {
        if (initModel != null) {
            if (model.equals("han") && SavedModels.load(initModel) instanceof Han saved) {
                // it may move onto a larger lattice: check its architecture there as a fresh model
                new NeuralSpinSettings(model, saved.hidden(), saved.layers(), channels, depth, radius, batch,
                        learningRate, clipNorm, trainFraction, symmetrize, anneal, annealStart, null).requireFits(system);
            }
            return this; // other saved models fitted when they were trained, on this system
        }
        long d = system.dimension();
        long h = hidden;
        long parameters = switch (model) {
            case "pixelcnn" -> (long) channels * channels * (2L * radius + 1) * (2L * radius + 1) * (depth + 1) + d;
            case "han" -> Han.parameterCount(side(system), side(system), hidden, layers);
            default -> d * d + d + (layers >= 1 ? 2 * d * h + h : 0) + (layers == 2 ? h * h + h : 0);
        };
        int images = symmetrize ? 2 * batch : batch;
        long bytes = parameters * DOUBLES_PER_PARAMETER * Double.BYTES + switch (model) {
            case "pixelcnn" -> PixelCnn.trainingBytes(side(system), side(system), channels, depth, images);
            case "han" -> Han.trainingBytes(side(system), side(system), hidden, layers, images);
            default -> 0;
        };
        long heap = Runtime.getRuntime().maxMemory();
        if (parameters > Integer.MAX_VALUE - 8 || bytes > heap / 2) {
            throw B4jException.badInput("model=%s with hidden=%d on %d sites has %,d parameters and would need about "
                            + "%.1f GiB to train, more than half the %.1f GiB heap; use a smaller lattice or %s (or more "
                            + "memory: B4J_HEAP=%d ./b4j ...)",
                    model, hidden, d, parameters, bytes / 1073741824.0, heap / 1073741824.0,
                    switch (model) {
                        case "pixelcnn" -> "channels, or a smaller batch";
                        case "han" -> "hidden, or a smaller batch";
                        default -> "hidden";
                    }, Math.max(4, (int) Math.ceil(2.5 * bytes / 1073741824.0)));
        }
        return this;
    }

    /** Null for spin systems of at least two sites, else why a model-based spin sampler cannot run. */

    static String unsupportedReason(BoltzmannSystem<?> system, String sampler) {
        if (!(system instanceof SpinSystem)) {
            return sampler + " needs a spin system (configurations of +-1 spins); " + system.name() + " is not one";
        }
        return system.dimension() < 2 ? sampler + " needs at least 2 spins" : null;
    }

    static SpinSystem spinSystem(BoltzmannSystem<byte[]> system, String sampler) {
        String reason = unsupportedReason(system, sampler);
        if (reason != null) {
            throw B4jException.badInput("%s", reason);
        }
        return (SpinSystem) system;
    }
}
