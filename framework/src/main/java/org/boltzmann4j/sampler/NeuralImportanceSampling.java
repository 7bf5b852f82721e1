package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * Neural importance sampling ({@code nis}; Nicoli et al., PRE 101, 023304 (2020); Noé et al.,
 * Science 2019 for flows): trains a model by reverse KL (an autoregressive model on spins, a
 * RealNVP flow on continuous systems), then draws i.i.d. samples x ~ q with weights
 * ln w = -U(x) - ln q(x). ln Z = ln mean(w) is unbiased in Z; observables are self-normalized
 * weighted means (the analysis does them from the record's single weighted "chain"). One
 * production cycle is one batch of samples.
 *
 * @param <C> configuration (and batch) type
 */
public final class NeuralImportanceSampling<C> implements Sampler<C> {

    public static final String NAME = "nis";

    private static final int ACCEPTANCE_SAMPLES = 2000;
    private static final long PROGRESS_NANOS = 500_000_000L;

    private final ModelTraining<C, ?> training;
    private final int samples;
    private final long traceValues;

    /**
     * @param training the model and its training
     * @param samples  production samples to draw (fewer if the budget runs out first)
     */
    NeuralImportanceSampling(ModelTraining<C, ?> training, int samples) {
        this(training, samples, TraceRecorder.DEFAULT_VALUES);
    }

    /** As above, with the trace memory bound (values) given, for tests of trace thinning. */
    NeuralImportanceSampling(ModelTraining<C, ?> training, int samples, long traceValues) {
        this.training = training;
        this.samples = samples;
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
        double[] first = new double[Math.min(samples, ACCEPTANCE_SAMPLES)];
        C xs = batches.view().allocate(batch, d);
        double[] logq = new double[batch];
        double[] u = new double[batch];
        C one = system.newConfiguration();
        SplittableRandom rng = root.split();
        int drawn = 0;
        long cycles = 0;
        long start = System.nanoTime();
        long lastReport = start;
        do {
            int m = Math.min(batch, samples - drawn);
            trained.sampling().sample(m, rng, xs, logq);
            batches.energies().energies(xs, m, u);
            for (int k = 0; k < m; k++) {
                double logWeight = -u[k] - logq[k];
                if (Double.isNaN(logWeight)) {
                    throw B4jException.failure("a model sample of %s has a NaN weight (U = %s, ln q = %s): the model "
                            + "has diverged (lower sampler.lr or raise sampler.batch)", system.name(), u[k], logq[k]);
                }
                statistics.add(logWeight);
                if (drawn + k < first.length) {
                    first[drawn + k] = logWeight;
                }
                recorder.step(batches.view().get(xs, k, one), u[k], logq[k]);
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
        ImportanceWeights.report(statistics, details, warnings);
        details.put("estimated_independence_acceptance",
                ImportanceWeights.independenceAcceptance(first, Math.min(drawn, first.length)));
        double[] logWeights = recorder.logWeights();
        return new RunRecord(recorder.names(), recorder.traces(), recorder.stride(), logWeights,
                Map.of(), trained.history(), trained.energyEvaluations() + drawn, statistics.lnZ(), cycles, details,
                warnings, null, new RunRecord.WeightedSamples(List.of(), new double[0][], logWeights,
                recorder.energies(), recorder.logDensities()));
    }

    /** Registry entry of {@code nis}. */
    public static SamplerFactory factory() {
        List<ParameterSpec> specs = new ArrayList<>(ModelChoice.specs(0.5, List.of(FlowMcmcSettings.KL)));
        specs.add(2, ParameterSpec.integer("samples", 100_000, 2, Integer.MAX_VALUE - 8,
                "production samples (fewer if the budget runs out)"));
        return new SamplerEntry(NAME, "neural importance sampling: a reverse-KL trained model (autoregressive on "
                + "spins, RealNVP flow on continuous systems), then i.i.d. weighted samples, ln Z and Kish ESS",
                specs, s -> ModelChoice.unsupportedReason(s, NAME), NeuralImportanceSampling::create);
    }

    private static <C> Sampler<C> create(BoltzmannSystem<C> system, org.boltzmann4j.core.Parameters p) {
        return new NeuralImportanceSampling<>(ModelChoice.training(NAME, system, p), p.integer("samples"));
    }
}
