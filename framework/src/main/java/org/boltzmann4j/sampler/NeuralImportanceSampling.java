package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.SpinSystem;

/**
 * Neural importance sampling ({@code nis}; Nicoli et al., PRE 101, 023304 (2020)): trains an
 * autoregressive model by reverse KL, then draws i.i.d. samples s ~ q with weights
 * ln w = -U(s) - ln q(s). ln Z = ln mean(w) is unbiased in Z; observables are self-normalized
 * weighted means (the analysis does them from the record's single weighted "chain"). One
 * production cycle is one batch of samples.
 */
public final class NeuralImportanceSampling implements Sampler<byte[]> {

    public static final String NAME = "nis";

    private static final int ACCEPTANCE_SAMPLES = 2000;

    private final NeuralSpinSettings settings;
    private final int samples;
    private final long traceValues;

    /**
     * @param settings model and training settings
     * @param samples  production samples to draw (fewer if the budget runs out first)
     */
    public NeuralImportanceSampling(NeuralSpinSettings settings, int samples) {
        this(settings, samples, TraceRecorder.DEFAULT_VALUES);
    }

    /** As above, with the trace memory bound (values) given, for tests of trace thinning. */
    NeuralImportanceSampling(NeuralSpinSettings settings, int samples, long traceValues) {
        this.settings = settings;
        this.samples = samples;
        this.traceValues = traceValues;
    }

    @Override
    public RunRecord run(BoltzmannSystem<byte[]> system, RunContext context) {
        SpinSystem spins = NeuralSpinSettings.spinSystem(system, NAME);
        SplittableRandom root = new SplittableRandom(context.seed());
        Budget training = context.budget().split(settings.trainFraction());
        AutoregressiveTraining.Trained trained = AutoregressiveTraining.train(spins, settings, context, training, root);
        Budget production = context.budget().after(training.steps());

        int d = spins.dimension();
        int batch = settings.batch();
        TraceRecorder<byte[]> recorder = TraceRecorder.bounded(spins.observables(), 1, traceValues);
        ImportanceWeights.Accumulator statistics = new ImportanceWeights.Accumulator();
        double[] kept = new double[1024];
        int keptSize = 0;
        double[] first = new double[Math.min(samples, ACCEPTANCE_SAMPLES)];
        byte[] xs = new byte[batch * d];
        double[] logq = new double[batch];
        double[] u = new double[batch];
        byte[] one = new byte[d];
        SplittableRandom rng = root.split();
        int drawn = 0;
        long cycles = 0;
        long start = System.nanoTime();
        long lastReport = start;
        do {
            int m = Math.min(batch, samples - drawn);
            trained.sampling().sample(m, rng, xs, logq);
            spins.energies(xs, m, u);
            for (int k = 0; k < m; k++) {
                double logWeight = -u[k] - logq[k];
                statistics.add(logWeight);
                if (drawn + k < first.length) {
                    first[drawn + k] = logWeight;
                }
                // keep the weights of exactly the samples the recorder keeps
                long stride = recorder.stride();
                boolean recorded = recorder.stepsOffered() % stride == 0;
                System.arraycopy(xs, k * d, one, 0, d);
                recorder.step(c -> one);
                if (recorder.stride() != stride) {
                    for (int r = 0; r < keptSize / 2; r++) {
                        kept[r] = kept[2 * r];
                    }
                    keptSize /= 2;
                }
                if (recorded) {
                    if (keptSize == kept.length) {
                        kept = Arrays.copyOf(kept, 2 * keptSize);
                    }
                    kept[keptSize++] = logWeight;
                }
            }
            drawn += m;
            cycles++;
            if (System.nanoTime() - lastReport > 500_000_000L) {
                lastReport = System.nanoTime();
                context.progress().update("sampling", Math.max(drawn / (double) samples,
                        production.fractionDone(cycles, start)), String.format("%d of %d samples", drawn, samples));
            }
        } while (drawn < samples && !production.spent(cycles));

        RunRecord.LnZ lnZ = statistics.lnZ();
        double ess = statistics.kishEss();
        List<String> warnings = new ArrayList<>(trained.warnings());
        if (ess < Math.max(100, 0.01 * drawn)) {
            warnings.add(String.format("low effective sample size: Kish ESS %.1f of %d samples; weighted estimates "
                    + "and their errors are unreliable", ess, drawn));
        }
        Map<String, Object> details = new LinkedHashMap<>(trained.details());
        details.put("samples", drawn);
        details.put("kish_ess", ess);
        details.put("ess_fraction", ess / drawn);
        details.put("estimated_independence_acceptance",
                ImportanceWeights.independenceAcceptance(first, Math.min(drawn, first.length)));
        return new RunRecord(recorder.names(), recorder.traces(), recorder.stride(), Arrays.copyOf(kept, keptSize),
                Map.of(), trained.history(), trained.energyEvaluations() + drawn, lnZ, cycles, details, warnings);
    }

    /** Registry entry of {@code nis}. */
    public static SamplerFactory factory() {
        List<ParameterSpec> specs = new ArrayList<>(NeuralSpinSettings.specs(0.5));
        specs.add(1, ParameterSpec.integer("samples", 100_000, 2, Integer.MAX_VALUE - 8,
                "production samples (fewer if the budget runs out)"));
        return new SamplerEntry(NAME,
                "neural importance sampling: reverse-KL trained autoregressive model, then i.i.d. weighted samples",
                specs, s -> NeuralSpinSettings.unsupportedReason(s, NAME),
                (s, p) -> new NeuralImportanceSampling(NeuralSpinSettings.from(p).requireFits(s), p.integer("samples")));
    }
}
