package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.List;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.model.flow.Eacf;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ContinuousSystem;

/**
 * The {@code sampler.model} choice of {@code nis} and {@code nmcmc}: autoregressive models
 * ({@code made}, {@code pixelcnn}, {@code han}) for spin systems, the flows ({@code realnvp},
 * {@code convflow}, {@code eacf}) for continuous ones, and the parameters of both.
 */
final class ModelChoice {

    static final String AUTO = "auto";
    static final String REALNVP = "realnvp";
    static final String CONVFLOW = "convflow";
    static final String EACF = Eacf.NAME;
    /** The flows, for continuous systems. */
    static final List<String> FLOWS = List.of(REALNVP, CONVFLOW, EACF);
    private static final List<String> SPIN_MODELS = List.of("made", "pixelcnn", "han");

    private ModelChoice() {
    }

    /**
     * The parameters of a sampler built on either model family, with the given default training
     * fraction and the training objectives it offers (the first is the default).
     */
    static List<ParameterSpec> specs(double defaultTrainFraction, List<String> objectives) {
        List<ParameterSpec> specs = new ArrayList<>();
        for (ParameterSpec spec : NeuralSpinSettings.specs(defaultTrainFraction)) {
            specs.add(switch (spec.name()) {
                case "model" -> ParameterSpec.choice("model", AUTO, List.of(AUTO, "made", "pixelcnn", "han", REALNVP,
                                CONVFLOW, EACF),
                        "generative model: made (masked dense network), pixelcnn (masked convolutions, square "
                                + "lattices) or han (hierarchical autoregressive network: border, then crosses "
                                + "conditioned on their region's border, one network per level; square lattices) "
                                + "for spins, realnvp (affine coupling flow), convflow (checkerboard "
                                + "couplings with circular convolutions, translation-equivariant, L x L lattice "
                                + "fields) or eacf (" + FlowSettings.EACF_SUMMARY + ") for continuous systems; "
                                + "auto: made for spins, realnvp otherwise (or the family of init_model)");
                case "hidden" -> ParameterSpec.integer("hidden", 128, 1, 65536,
                        "made: width of each hidden layer; han: of each level network's (at most its inputs); "
                                + "realnvp: conditioner width H; eacf: 4 x the width of the per-particle MLPs "
                                + "(convflow: see channels)");
                case "symmetrize" -> ParameterSpec.flag("symmetrize", true,
                        "average the model over the global sign flip (spins: trained as the average; flows: "
                                + "sampled as the average, where the system declares the flip and the flow is not "
                                + "invariant by itself as convflow with z2 is)");
                case "channels" -> ParameterSpec.integer("channels", 16, 1, 1024,
                        "pixelcnn: channels of each masked convolution; " + FlowSettings.CHANNELS.description());
                case "clip" -> ParameterSpec.real("clip", 10, 1e-8, Double.POSITIVE_INFINITY, "",
                        "made, pixelcnn, han: gradient clipping (global norm; han: of each level network)");
                case "lr" -> new ParameterSpec(spec.name(), spec.type(), spec.defaultValue(), spec.min(), spec.max(),
                        spec.choices(), spec.unit(), spec.description() + " (eacf: a tenth of it)");
                case "anneal" -> ParameterSpec.real("anneal", 0.5, 0, 1, "",
                        "objective kl: fraction of the training during which the target beta factor rises to 1");
                default -> spec;
            });
            if (spec.name().equals("radius")) {
                specs.add(FlowSettings.COUPLINGS);
                specs.add(FlowSettings.BASE);
                specs.add(FlowSettings.FLOAT32);
                specs.add(FlowSettings.Z2);
                specs.add(FlowSettings.BINS);
            }
        }
        specs.add(1, ParameterSpec.choice("objective", objectives.get(0), objectives, objectives.size() == 1
                ? "training loss: kl (reverse KL from the energy alone)"
                : "training loss: kl (reverse KL from the energy alone), ml (maximum likelihood on the states of "
                        + "chains that run local sweeps and proposals from the model in training, as flow-mcmc) or "
                        + "mixed (one step of each per cycle)"));
        return specs;
    }

    /** Null where a model family fits the system, else why none does. */
    static String unsupportedReason(BoltzmannSystem<?> system, String sampler) {
        return system instanceof ContinuousSystem ? null : NeuralSpinSettings.unsupportedReason(system, sampler);
    }

    /**
     * The model training the parameters ask for, checked against the system's configuration type.
     *
     * @throws B4jException (bad input) when the model does not fit the system
     */
    @SuppressWarnings("unchecked")
    static <C> ModelTraining<C, ?> training(String sampler, BoltzmannSystem<C> system, Parameters p) {
        boolean continuous = system instanceof ContinuousSystem;
        String model = SavedModels.family(sampler, system, p, continuous ? REALNVP : SPIN_MODELS.get(0));
        if (continuous != FLOWS.contains(model)) {
            throw B4jException.badInput("sampler %s: model=%s does not fit %s (%s configurations); use %s", sampler,
                    model, system.name(), continuous ? "continuous" : "spin",
                    continuous ? "model=" + String.join(" or model=", FLOWS) : "model=" + String.join(" or model=", SPIN_MODELS));
        }
        if (continuous) {
            FlowTraining flow = FlowTraining.from(p, model);
            flow.flow().requireFits(system);
            return (ModelTraining<C, ?>) flow;
        }
        return (ModelTraining<C, ?>) NeuralSpinSettings.from(p, model).requireFits(system);
    }
}
