package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * The one cycle loop of every chain sampler, in the spirit of flowMC: a {@link Phase} is a list of
 * {@link Step}s (local sweeps, replica swaps, model proposals, a training step, partial
 * regeneration) repeated cycle after cycle until its budget is spent. A run is an adaptive phase
 * (warm-up or training: kernels adapt, the model trains, nothing is recorded; then every step is
 * frozen) followed by production (an exact Markov chain, recorded). Budgets, progress, history
 * curves, acceptance, details, warnings and the {@link RunRecord} are done here, once.
 */
public final class CycleEngine {

    private static final long PROGRESS_NANOS = 200_000_000L;
    /** Time between two running estimates of the headline observable in production. */
    private static final long ESTIMATE_NANOS = 1_000_000_000L;

    private CycleEngine() {
    }

    /**
     * A phase of a run.
     *
     * @param name  progress name: "warm-up", "training", "production"
     * @param key   prefix of its counts in the details: "warmup", "training", "production"
     * @param unit  what one cycle is, plural: "sweeps" or "cycles"
     * @param steps the steps of one cycle, in order
     * @param <C>   configuration type
     */
    public record Phase<C>(String name, String key, String unit, List<Step<C>> steps) {

        public Phase {
            steps = List.copyOf(steps);
        }

        /** The warm-up of local kernels, one cycle a sweep. */
        public static <C> Phase<C> warmup(String unit, List<Step<C>> steps) {
            return new Phase<>("warm-up", "warmup", unit, steps);
        }

        public static <C> Phase<C> training(List<Step<C>> steps) {
            return new Phase<>("training", "training", "cycles", steps);
        }

        public static <C> Phase<C> production(String unit, List<Step<C>> steps) {
            return new Phase<>("production", "production", unit, steps);
        }
    }

    /**
     * A chain sampler's plan: an adaptive phase on the first {@code adaptiveShare} of the budget
     * (null: none), then production on what is left.
     *
     * @param adaptive      warm-up or training, or null
     * @param adaptiveShare its share of the budget
     * @param production    the recorded phase
     * @param atLeastOnce   run one production cycle even when the budget is already spent
     * @param <C>           configuration type
     */
    public record Plan<C>(Phase<C> adaptive, double adaptiveShare, Phase<C> production, boolean atLeastOnce) {
    }

    /** What a phase did: its cycles, seconds and (adaptive phases) history curves. */
    public record Done(long cycles, double seconds, Map<String, RunRecord.Curve> history) {
    }

    /**
     * Runs an adaptive phase on the chains until {@code budget} is spent, then freezes its steps.
     * The chains are not recorded.
     */
    public static <C> Done adapt(Phase<C> phase, Chains<C> chains, Budget budget, Progress progress) {
        Done done = loop(phase, chains, budget, progress, null, false);
        phase.steps().forEach(Step::freeze);
        return done;
    }

    /**
     * Runs a plan on the chains within {@code budget} and assembles the record: the earlier
     * training's history, evaluations, details and warnings (from {@code prior}, null: none) come
     * first, then this run's.
     */
    public static <C> RunRecord run(BoltzmannSystem<C> system, Chains<C> chains, Plan<C> plan, Budget budget,
                                    Progress progress, TrainedModel<C, ?> prior) {
        return run(chains, plan, budget, progress, prior,
                TraceRecorder.bounded(system.observables(), chains.size(), TraceRecorder.DEFAULT_VALUES));
    }

    /** As above, recording production into the given recorder (its observables, its memory bound). */
    public static <C> RunRecord run(Chains<C> chains, Plan<C> plan, Budget budget, Progress progress,
                                    TrainedModel<C, ?> prior, TraceRecorder<C> recorder) {
        Map<String, RunRecord.Curve> history = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        long priorEvaluations = 0;
        if (prior != null) {
            history.putAll(prior.history());
            details.putAll(prior.details());
            warnings.addAll(prior.warnings());
            priorEvaluations = prior.energyEvaluations();
        }
        long adaptiveCycles = 0;
        if (plan.adaptive() != null) {
            Phase<C> phase = plan.adaptive();
            Done adapted = adapt(phase, chains, budget.split(plan.adaptiveShare()), progress);
            adapted.history().forEach((name, curve) -> history.put(
                    history.containsKey(name) ? name + "_" + phase.key() : name, curve));
            counts(details, phase, adapted);
            adaptiveCycles = adapted.cycles();
        }
        Done produced = loop(plan.production(), chains, budget.after(adaptiveCycles), progress, recorder,
                plan.atLeastOnce());
        counts(details, plan.production(), produced);
        Report report = new Report();
        plan.production().steps().forEach(s -> s.report(report));
        details.putAll(report.details());
        warnings.addAll(report.warnings());
        Double global = report.acceptance().get(Sweeps.GLOBAL);
        if (global != null && global < 0.01) {
            warnings.add(String.format(Locale.ROOT, "global acceptance %.2g%%: model proposals rarely pass, so the "
                    + "chains mix only through local moves", 100 * global));
        }
        return new RunRecord(recorder.names(), recorder.traces(), recorder.stride(), null, report.acceptance(),
                history, priorEvaluations + chains.energyEvaluations(), report.lnZ(), produced.cycles(), details,
                warnings, null, report.proposals());
    }

    private static void counts(Map<String, Object> details, Phase<?> phase, Done done) {
        details.put(phase.key() + "_" + phase.unit(), done.cycles());
        details.put(phase.key() + "_seconds", done.seconds());
    }

    private static <C> Done loop(Phase<C> phase, Chains<C> chains, Budget budget, Progress progress,
                                 TraceRecorder<C> recorder, boolean atLeastOnce) {
        long start = System.nanoTime();
        CycleState<C> cycle = new CycleState<>(chains, recorder, budget, start);
        long lastReport = start - PROGRESS_NANOS;
        long lastEstimate = start;
        while ((atLeastOnce && cycle.number == 0) || !budget.spent(cycle.number)) {
            cycle.number++;
            for (Step<C> step : phase.steps()) {
                step.apply(chains, cycle);
            }
            if (System.nanoTime() - lastReport >= PROGRESS_NANOS) {
                lastReport = System.nanoTime();
                if (recorder == null) {
                    progress.latest(cycle.latest());
                } else if (lastReport - lastEstimate >= ESTIMATE_NANOS) {
                    lastEstimate = lastReport;
                    double[] estimate = recorder.runningEstimate(0);
                    if (estimate != null) {
                        progress.estimate(recorder.names().get(0), estimate[0], estimate[1]);
                    }
                }
                progress.update(phase.name(), budget.fractionDone(cycle.number, start), cycle.number, phase.steps().stream()
                        .map(Step::status).filter(s -> !s.isEmpty()).collect(Collectors.joining("  ")));
            }
        }
        Map<String, RunRecord.Curve> history = new LinkedHashMap<>();
        String label = phase.name() + " " + phase.unit().substring(0, phase.unit().length() - 1);
        cycle.curves.forEach((name, points) -> history.put(name, points.toCurve(label)));
        return new Done(cycle.number, (System.nanoTime() - start) * 1e-9, history);
    }

    /** The cycle the steps see; records when there is a recorder (production), plots otherwise. */
    private static final class CycleState<C> implements Step.Cycle {
        private final Chains<C> chains;
        private final TraceRecorder<C> recorder;
        private final Budget budget;
        private final long start;
        private final Map<String, Points> curves = new LinkedHashMap<>();
        private long number;

        CycleState(Chains<C> chains, TraceRecorder<C> recorder, Budget budget, long start) {
            this.chains = chains;
            this.recorder = recorder;
            this.budget = budget;
            this.start = start;
        }

        @Override
        public double fractionDone() {
            return budget.fractionDone(number - 1, start);
        }

        @Override
        public long number() {
            return number;
        }

        @Override
        public boolean adapting() {
            return recorder == null;
        }

        @Override
        public void record() {
            if (recorder != null) {
                recorder.step(chains::state);
            }
        }

        /** The last point of every curve. */
        Map<String, Double> latest() {
            Map<String, Double> latest = new LinkedHashMap<>();
            curves.forEach((name, points) -> latest.put(name, points.last()));
            return latest;
        }

        @Override
        public void plot(String curve, double y) {
            if (recorder == null) {
                curves.computeIfAbsent(curve, k -> new Points()).add(number, y);
            }
        }
    }

    /** A growable (x, y) series. */
    static final class Points {
        private double[] x = new double[64];
        private double[] y = new double[64];
        private int size;

        void add(double xv, double yv) {
            if (size == x.length) {
                x = Arrays.copyOf(x, 2 * size);
                y = Arrays.copyOf(y, 2 * size);
            }
            x[size] = xv;
            y[size] = yv;
            size++;
        }

        double last() {
            return size == 0 ? Double.NaN : y[size - 1];
        }

        RunRecord.Curve toCurve(String label) {
            return new RunRecord.Curve(label, Arrays.copyOf(x, size), Arrays.copyOf(y, size));
        }
    }
}
