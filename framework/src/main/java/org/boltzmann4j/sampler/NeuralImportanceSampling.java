package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ContinuousSystem;

/**
 * Neural importance sampling ({@code nis}; Nicoli et al., PRE 101, 023304 (2020); Noé et al.,
 * Science 2019 for flows): trains a model by reverse KL (an autoregressive model on spins, a
 * RealNVP flow on continuous systems), then draws i.i.d. samples x ~ q with weights
 * ln w = -U(x) - ln q(x). ln Z = ln mean(w) is unbiased in Z; observables are self-normalized
 * weighted means (the analysis does them from the record's single weighted "chain"). One
 * production cycle is one batch of samples. With {@code ais_steps} = K &gt; 0 each draw is annealed
 * to the target first ({@link AnnealedImportance}): the same estimators on its weights, which have
 * a far lighter tail when the model is off by many small local errors.
 *
 * @param <C> configuration (and batch) type
 */
public final class NeuralImportanceSampling<C> implements Sampler<C> {

    public static final String NAME = "nis";

    private static final int ACCEPTANCE_SAMPLES = 2000;
    private static final long PROGRESS_NANOS = 500_000_000L;
    /** Kernels reversible with respect to exp(-U) (the sweeping ones at random sites). */
    private static final List<String> AIS_KERNELS = List.of(ModelChoice.AUTO, "metropolis", "heat-bath", "wolff",
            "swendsen-wang", "mala", "hmc");

    private final ModelTraining<C, ?> training;
    private final int samples;
    private final Annealing<C> annealing;
    private final long traceValues;

    /**
     * Annealed importance sampling after the model draws.
     *
     * @param steps  K intermediate densities, 0 for plain importance sampling
     * @param name   the kernel's name, for results
     * @param kernel builds a kernel reversible with respect to e^{-U}
     */
    record Annealing<C>(int steps, String name, Function<BoltzmannSystem<C>, MarkovKernel<C>> kernel) {
        static <C> Annealing<C> none() {
            return new Annealing<>(0, "", null);
        }
    }

    /**
     * @param training the model and its training
     * @param samples  production samples to draw (fewer if the budget runs out first)
     */
    NeuralImportanceSampling(ModelTraining<C, ?> training, int samples) {
        this(training, samples, Annealing.none());
    }

    /** As above, each draw annealed to the target. */
    NeuralImportanceSampling(ModelTraining<C, ?> training, int samples, Annealing<C> annealing) {
        this(training, samples, annealing, TraceRecorder.DEFAULT_VALUES);
    }

    /** Plain importance sampling with the trace memory bound (values) given, for tests of trace thinning. */
    NeuralImportanceSampling(ModelTraining<C, ?> training, int samples, long traceValues) {
        this(training, samples, Annealing.none(), traceValues);
    }

    private NeuralImportanceSampling(ModelTraining<C, ?> training, int samples, Annealing<C> annealing,
                                     long traceValues) {
        this.training = training;
        this.samples = samples;
        this.annealing = annealing;
        this.traceValues = traceValues;
    }

    @Override
    public RunRecord run(BoltzmannSystem<C> system, RunContext context) {
        SplittableRandom root = new SplittableRandom(context.seed());
        Budget trainingBudget = context.budget().split(training.trainFraction());
        TrainedModel<C, ?> trained = training.train(system, context, trainingBudget, root);
        Budget production = context.budget().after(trained.steps());

        SystemBatches<C> batches = SystemBatches.of(system);
        int d = system.dimension();
        int batch = training.batch();
        TraceRecorder<C> recorder = TraceRecorder.bounded(system.observables(), 1, traceValues);
        ImportanceWeights.Accumulator statistics = new ImportanceWeights.Accumulator();
        ImportanceWeights.Accumulator modelWeights = new ImportanceWeights.Accumulator();
        double[] first = new double[Math.min(samples, ACCEPTANCE_SAMPLES)];
        C xs = batches.view().allocate(batch, d);
        double[] logq = new double[batch];
        double[] u = new double[batch];
        double[] logWeights = new double[batch];
        C one = system.newConfiguration();
        SplittableRandom rng = root.split();
        SplittableRandom annealingRng = root.split();
        AnnealedImportance<C> ais = null;
        int drawn = 0;
        long cycles = 0;
        long start = System.nanoTime();
        long lastReport = start;
        do {
            int m = Math.min(batch, samples - drawn);
            trained.sampling().sample(m, rng, xs, logq);
            batches.energies().energies(xs, m, u);
            for (int k = 0; k < m; k++) {
                logWeights[k] = -u[k] - logq[k];
                requireWeight(system, logWeights[k], u[k], logq[k]);
                modelWeights.add(logWeights[k]);
                if (drawn + k < first.length) {
                    first[drawn + k] = logWeights[k];
                }
            }
            if (annealing.steps() > 0) {
                if (ais == null) {
                    ais = new AnnealedImportance<>(system, trained.sampling(), annealing.kernel().apply(system),
                            annealing.steps(), xs, m, annealingRng);
                }
                ais.anneal(xs, m, u, logq, logWeights);
            }
            for (int k = 0; k < m; k++) {
                requireWeight(system, logWeights[k], u[k], logq[k]);
                statistics.add(logWeights[k]);
                recorder.step(batches.view().get(xs, k, one), u[k], -u[k] - logWeights[k]);
            }
            drawn += m;
            cycles++;
            if (System.nanoTime() - lastReport > PROGRESS_NANOS) {
                lastReport = System.nanoTime();
                double[] estimate = recorder.runningEstimate(0);
                if (estimate != null) {
                    context.progress().estimate(recorder.names().get(0), estimate[0], estimate[1]);
                }
                context.progress().update("sampling", Math.max(drawn / (double) samples,
                        production.fractionDone(cycles, start)), cycles, String.format("%d of %d samples", drawn, samples));
            }
        } while (drawn < samples && !production.spent(cycles));

        List<String> warnings = new ArrayList<>(trained.warnings());
        Map<String, Object> details = new LinkedHashMap<>(trained.details());
        details.put("samples", drawn);
        long evaluations = trained.energyEvaluations() + drawn;
        if (ais != null) {
            Map<String, Object> plain = new LinkedHashMap<>();
            ImportanceWeights.report(modelWeights, plain, new ArrayList<>());
            RunRecord.LnZ lnZ = modelWeights.lnZ();
            plain.put("ln_z", lnZ.estimate());
            plain.put("ln_z_stderr", lnZ.stderr());
            warnIfTheModelAloneFallsShort(lnZ, statistics.lnZ(), warnings);
            details.put("model_weights", plain);
            details.put("ais_steps", annealing.steps());
            details.put("ais_kernel", annealing.name());
            details.put("ais_acceptance", ais.acceptance());
            evaluations += ais.energyEvaluations();
        }
        ImportanceWeights.report(statistics, details, warnings);
        details.put("estimated_independence_acceptance",
                ImportanceWeights.independenceAcceptance(first, Math.min(drawn, first.length)));
        double[] recorded = recorder.logWeights();
        return new RunRecord(recorder.names(), recorder.traces(), recorder.stride(), recorded,
                Map.of(), trained.history(), evaluations, statistics.lnZ(), cycles, details,
                warnings, null, new RunRecord.WeightedSamples(List.of(), new double[0][], recorded,
                recorder.energies(), recorder.logDensities()));
    }

    /**
     * The model's own importance weights on the draws that were annealed estimate ln Z too; where they
     * fall more than 3 combined errors below the annealed estimate, q misses part of exp(-U) that the
     * annealing reaches, and plain importance sampling with it would be biased low with an error bar
     * that does not show it (the draws' own k̂ cannot see mass that was never drawn).
     */
    static void warnIfTheModelAloneFallsShort(RunRecord.LnZ model, RunRecord.LnZ annealed, List<String> warnings) {
        double gap = (annealed.estimate() - model.estimate()) / Math.hypot(annealed.stderr(), model.stderr());
        if (gap > 3) {
            warnings.add(String.format(Locale.ROOT, "the model's own importance weights on these draws give ln Z "
                    + "%.8g +- %.2g, %.1f combined errors below the annealed %.8g: the model misses part of exp(-U) "
                    + "that the annealing reaches, and nis without ais_steps would be biased low with it",
                    model.estimate(), model.stderr(), gap, annealed.estimate()));
        }
    }

    private static void requireWeight(BoltzmannSystem<?> system, double logWeight, double u, double logq) {
        if (Double.isNaN(logWeight)) {
            throw B4jException.failure("a model sample of %s has a NaN weight (U = %s, ln q = %s): the model "
                    + "has diverged (lower sampler.lr or raise sampler.batch)", system.name(), u, logq);
        }
    }

    /** Registry entry of {@code nis}. */
    public static SamplerFactory factory() {
        List<ParameterSpec> specs = new ArrayList<>(ModelChoice.specs(0.5, List.of(FlowMcmcSettings.KL)));
        specs.add(2, ParameterSpec.integer("samples", 100_000, 2, Integer.MAX_VALUE - 8,
                "production samples (fewer if the budget runs out)"));
        specs.add(3, ParameterSpec.integer("ais_steps", 0, 0, 1 << 20, "annealed importance sampling: carry "
                + "each model draw through this many densities q^(1-t) e^(-tU), t = k/(K+1), by one sweep of "
                + "ais_kernel per step accepted with the exact ratio, and weight it by the annealing's work "
                + "(0: plain importance sampling; each step costs one ln q and one sweep per sample)"));
        specs.add(4, ParameterSpec.choice("ais_kernel", ModelChoice.AUTO, AIS_KERNELS, "the annealing's sweeps, "
                + "reversible with respect to exp(-U): metropolis and heat-bath visit sites at random; mala and "
                + "hmc adapt their step on the first batch, then freeze it (auto: wolff for spin lattices at h = 0, "
                + "which also mends the model's long-wavelength errors near T_c, metropolis for other spins, hmc "
                + "for continuous systems)"));
        specs.add(5, LocalSamplerFactory.step(0.05));
        specs.add(6, LocalSamplerFactory.target(0.65));
        specs.add(7, LocalSamplerFactory.LEAPFROG);
        return new SamplerEntry(NAME, "neural importance sampling: a reverse-KL trained model (autoregressive on "
                + "spins, RealNVP flow on continuous systems), then i.i.d. weighted samples (annealed to the "
                + "target with ais_steps), ln Z and Kish ESS",
                specs, s -> ModelChoice.unsupportedReason(s, NAME), NeuralImportanceSampling::create);
    }

    private static <C> Sampler<C> create(BoltzmannSystem<C> system, Parameters p) {
        ModelTraining<C, ?> training = ModelChoice.training(NAME, system, p);
        int steps = p.integer("ais_steps");
        if (steps == 0) {
            return new NeuralImportanceSampling<>(training, p.integer("samples"));
        }
        if (p.text("model").equals(ModelChoice.EACF)) {
            throw B4jException.badInput("sampler.ais_steps=%d does not work with sampler.model=eacf: its ln q of a "
                    + "given state is an estimate over auxiliaries, and annealing needs the exact ln q", steps);
        }
        String name = !p.text("ais_kernel").equals(ModelChoice.AUTO) ? p.text("ais_kernel")
                : system instanceof ContinuousSystem ? "hmc"
                : Samplers.factory("wolff").unsupportedReason(system) == null ? "wolff" : "metropolis";
        Parameters reversible = p.with("order", "random").with("multispin", false).with("adapt", true);
        Function<BoltzmannSystem<C>, MarkovKernel<C>> kernel = s -> LocalSamplerFactory.named("ais_kernel", name, s,
                reversible);
        kernel.apply(system);
        return new NeuralImportanceSampling<>(training, p.integer("samples"), new Annealing<>(steps, name, kernel));
    }
}
