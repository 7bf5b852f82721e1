package org.boltzmann4j.sampler;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * The one cycle loop of every chain sampler, in the spirit of flowMC: a {@link Phase} is a list of
 * {@link Step}s (local sweeps, replica swaps, model proposals, a training step, partial
 * regeneration) repeated cycle after cycle until its budget is spent. A run is an adaptive phase
 * (warm-up or training: kernels adapt, the model trains, nothing is recorded; then every step is
 * frozen; without one the steps are frozen from the start), optionally a warm-up of production's
 * frozen steps (the chains relax under the final kernel, unrecorded: an adaptive phase leaves them
 * out of its equilibrium), then production (an exact Markov chain, recorded). Budgets, progress,
 * history curves, acceptance, details, warnings and the {@link RunRecord} are done here, once.
 *
 * <p>Checkpoints ({@link Checkpoints}) are taken here too, at cycle boundaries: every interval, at
 * the end of the adaptive phase and when a shutdown stops the run. One holds the phase, its cycle
 * count, seconds spent and left, the adaptive phase's curves (or its {@link Done}), the chains, the
 * state of every step ({@link Step#checkpoint()}) and the recorder; a plan with a step that cannot
 * be checkpointed writes none. A run resumed from one continues exactly where it was taken: a run
 * bounded by steps gives the same numbers as one never interrupted.
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
     * (null: none), a frozen warm-up on the first {@code frozenWarmupShare} of what it leaves, then
     * production on the rest.
     *
     * @param adaptive          warm-up or training, or null
     * @param adaptiveShare     its share of the budget
     * @param frozenWarmupShare share of the rest in which production's steps, frozen, run unrecorded (0: none)
     * @param production        the recorded phase
     * @param atLeastOnce       run one production cycle even when the budget is already spent
     * @param <C>               configuration type
     */
    public record Plan<C>(Phase<C> adaptive, double adaptiveShare, double frozenWarmupShare, Phase<C> production,
                          boolean atLeastOnce) {

        /** Without a frozen warm-up. */
        public Plan(Phase<C> adaptive, double adaptiveShare, Phase<C> production, boolean atLeastOnce) {
            this(adaptive, adaptiveShare, 0, production, atLeastOnce);
        }
    }

    /** Where a run is: checkpoints say which phase they were taken in. */
    private enum Stage { ADAPTIVE, FROZEN_WARMUP, PRODUCTION }

    /** What a phase did: its cycles, seconds and (adaptive phases) history curves. */
    public record Done(long cycles, double seconds, Map<String, RunRecord.Curve> history) {
    }

    /**
     * Runs an adaptive phase on the chains until {@code budget} is spent, then freezes its steps.
     * The chains are not recorded.
     */
    public static <C> Done adapt(Phase<C> phase, Chains<C> chains, Budget budget, Progress progress) {
        Done done = loop(phase, Stage.ADAPTIVE, chains, budget, progress, null, false, null, null);
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
        return run(system, chains, plan, budget, progress, prior, Checkpoints.NONE);
    }

    /** As above, taking checkpoints and resuming from the one {@code checkpoints} holds, if any. */
    public static <C> RunRecord run(BoltzmannSystem<C> system, Chains<C> chains, Plan<C> plan, Budget budget,
                                    Progress progress, TrainedModel<C, ?> prior, Checkpoints checkpoints) {
        return run(chains, plan, budget, progress, prior,
                TraceRecorder.bounded(system.observables(), chains.size(), TraceRecorder.DEFAULT_VALUES,
                        system.stateLabel()), checkpoints);
    }

    /** As above, recording production into the given recorder (its observables, its memory bound). */
    public static <C> RunRecord run(Chains<C> chains, Plan<C> plan, Budget budget, Progress progress,
                                    TrainedModel<C, ?> prior, TraceRecorder<C> recorder) {
        return run(chains, plan, budget, progress, prior, recorder, Checkpoints.NONE);
    }

    private static <C> RunRecord run(Chains<C> chains, Plan<C> plan, Budget budget, Progress progress,
                                     TrainedModel<C, ?> prior, TraceRecorder<C> recorder, Checkpoints checkpoints) {
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
        Saver<C> saver = Saver.of(chains, plan, recorder, checkpoints);
        Resumed resumed = saver == null ? null : saver.resume();
        if (resumed != null) {
            budget = withSecondsLeft(budget, resumed.runSecondsLeft);
        }
        if (saver != null) {
            saver.run = budget;
        }
        Stage at = resumed == null ? Stage.ADAPTIVE : resumed.stage;
        boolean warmsUp = plan.frozenWarmupShare() > 0;
        Stage afterAdaptive = warmsUp ? Stage.FROZEN_WARMUP : Stage.PRODUCTION;
        long cyclesBefore = 0;
        if (plan.adaptive() != null) {
            Phase<C> phase = plan.adaptive();
            Done adapted;
            if (at != Stage.ADAPTIVE) {
                adapted = resumed.adapted;
            } else {
                Budget share = budget.split(plan.adaptiveShare());
                adapted = loop(phase, Stage.ADAPTIVE, chains, resumed == null ? share : withSecondsLeft(share,
                        resumed.phaseSecondsLeft), progress, null, false, saver, resumed);
                phase.steps().forEach(Step::freeze);
                if (saver != null) {
                    saver.save(afterAdaptive, 0, 0, secondsLeft(budget), Map.of());
                }
            }
            addHistory(history, phase, adapted);
            counts(details, phase, adapted);
            cyclesBefore = adapted.cycles();
        } else if (at == Stage.ADAPTIVE) {
            // nothing adapts in production (a checkpoint has the steps frozen already)
            plan.production().steps().forEach(Step::freeze);
        }
        Budget production = budget.after(cyclesBefore);
        if (warmsUp) {
            Phase<C> phase = Phase.warmup(plan.production().unit(), plan.production().steps());
            Done warmed;
            if (at == Stage.PRODUCTION) {
                warmed = resumed.warmedUp;
            } else {
                Budget share = production.split(plan.frozenWarmupShare());
                Resumed inWarmup = at == Stage.FROZEN_WARMUP ? resumed : null;
                warmed = loop(phase, Stage.FROZEN_WARMUP, chains, inWarmup == null ? share
                        : withSecondsLeft(share, inWarmup.phaseSecondsLeft), progress, null, false, saver, inWarmup);
                plan.production().steps().forEach(Step::freeze); // production's counts start from zero
                if (saver != null) {
                    saver.save(Stage.PRODUCTION, 0, 0, secondsLeft(budget), Map.of());
                }
            }
            addHistory(history, phase, warmed);
            counts(details, phase, warmed);
            production = production.after(warmed.cycles());
        }
        Resumed inProduction = at == Stage.PRODUCTION ? resumed : null;
        Done produced = loop(plan.production(), Stage.PRODUCTION, chains, inProduction == null ? production
                        : withSecondsLeft(production, inProduction.phaseSecondsLeft), progress, recorder,
                plan.atLeastOnce(), saver, inProduction);
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
                warnings, null, report.proposals()).withStateLabels(recorder.stateLabels());
    }

    /** An unrecorded phase's curves, suffixed with its key where a name is taken. */
    private static void addHistory(Map<String, RunRecord.Curve> history, Phase<?> phase, Done done) {
        done.history().forEach((name, curve) -> history.put(
                history.containsKey(name) ? name + "_" + phase.key() : name, curve));
    }

    private static void counts(Map<String, Object> details, Phase<?> phase, Done done) {
        details.put(phase.key() + "_" + phase.unit(), done.cycles());
        details.put(phase.key() + "_seconds", done.seconds());
    }

    /**
     * Repeats the phase's cycles until its budget is spent; with a saver, checkpoints when due and
     * when a shutdown stops it; with {@code resumed}, continues from that checkpoint's cycle.
     */
    private static <C> Done loop(Phase<C> phase, Stage stage, Chains<C> chains, Budget budget, Progress progress,
                                 TraceRecorder<C> recorder, boolean atLeastOnce, Saver<C> saver, Resumed resumed) {
        long start = System.nanoTime();
        CycleState<C> cycle = new CycleState<>(chains, recorder, budget, start);
        double priorSeconds = 0;
        if (resumed != null) {
            cycle.number = resumed.cycles;
            cycle.curves.putAll(resumed.curves);
            priorSeconds = resumed.phaseSeconds;
        }
        long lastReport = start - PROGRESS_NANOS;
        long lastEstimate = start;
        while ((atLeastOnce && cycle.number == 0) || !budget.spent(cycle.number)) {
            cycle.number++;
            for (Step<C> step : phase.steps()) {
                step.apply(chains, cycle);
            }
            if (saver != null && saver.checkpoints.due()) {
                saver.save(stage, cycle.number, priorSeconds + (System.nanoTime() - start) * 1e-9,
                        secondsLeft(budget), cycle.curves);
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
        if (saver != null && Budget.stoppedAll()) { // a shutdown ended the phase: keep where it stopped
            saver.save(stage, cycle.number, priorSeconds + (System.nanoTime() - start) * 1e-9,
                    secondsLeft(budget), cycle.curves);
        }
        Map<String, RunRecord.Curve> history = new LinkedHashMap<>();
        String label = phase.name() + " " + phase.unit().substring(0, phase.unit().length() - 1);
        cycle.curves.forEach((name, points) -> history.put(name, points.toCurve(label)));
        Done done = new Done(cycle.number, priorSeconds + (System.nanoTime() - start) * 1e-9, history);
        if (saver != null && stage == Stage.ADAPTIVE) {
            saver.adapted = done;
        } else if (saver != null && stage == Stage.FROZEN_WARMUP) {
            saver.warmedUp = done;
        }
        return done;
    }

    /** Seconds to the budget's deadline (infinite when untimed), even after a shutdown stopped it. */
    private static double secondsLeft(Budget budget) {
        return budget.timed() ? Math.max(0, (budget.deadlineNanos() - System.nanoTime()) * 1e-9)
                : Double.POSITIVE_INFINITY;
    }

    /** What a checkpoint said, read back before the run continues from it. */
    private static final class Resumed {
        Stage stage;
        long cycles;
        double phaseSeconds;
        double phaseSecondsLeft;
        double runSecondsLeft;
        final Map<String, Points> curves = new LinkedHashMap<>();
        Done adapted;
        Done warmedUp;
    }

    /** The same budget with its deadline moved to {@code seconds} from now (timed budgets only). */
    private static Budget withSecondsLeft(Budget b, double seconds) {
        return b.timed() ? new Budget(System.nanoTime() + (long) (Math.min(seconds, 1e9) * 1e9), b.steps()) : b;
    }

    /** Writes and reads the checkpoints of one run of a plan. */
    private static final class Saver<C> implements Checkpointable {
        private final Checkpoints checkpoints;
        private final List<Checkpointable> parts;
        /** The adaptive phase's outcome once it is over (written with later checkpoints). */
        private Done adapted;
        /** The frozen warm-up's outcome once it is over (written with production checkpoints). */
        private Done warmedUp;
        private Resumed header;
        /** Set by the checkpoint a shutdown made: the work after it is cut short and must not be saved. */
        private boolean stopped;
        /** The run's budget, whose time left every checkpoint keeps. */
        private Budget run;

        private Saver(Checkpoints checkpoints, List<Checkpointable> parts) {
            this.checkpoints = checkpoints;
            this.parts = parts;
        }

        /** A saver for the plan, or null when checkpoints are off or a step cannot be checkpointed. */
        static <C> Saver<C> of(Chains<C> chains, Plan<C> plan, TraceRecorder<C> recorder, Checkpoints checkpoints) {
            if (!checkpoints.enabled()) {
                return null;
            }
            Map<Checkpointable, Boolean> distinct = new IdentityHashMap<>();
            List<Checkpointable> parts = new ArrayList<>(List.of(chains, recorder));
            List<Step<C>> steps = new ArrayList<>(plan.production().steps());
            if (plan.adaptive() != null) {
                steps.addAll(0, plan.adaptive().steps());
            }
            for (Step<C> step : steps) {
                List<Checkpointable> state = step.checkpoint();
                if (state == null) {
                    return null;
                }
                for (Checkpointable c : state) {
                    if (distinct.put(c, Boolean.TRUE) == null) {
                        parts.add(c);
                    }
                }
            }
            return new Saver<>(checkpoints, parts);
        }

        /** The checkpoint to resume from, read into the chains, steps and recorder; null for a fresh run. */
        Resumed resume() {
            DataInput in = checkpoints.takeResumeState();
            if (in == null) {
                return null;
            }
            try {
                readState(in);
            } catch (IOException e) {
                throw B4jException.badInput("--resume: the checkpoint does not fit this run: %s", e.getMessage());
            }
            adapted = header.adapted;
            warmedUp = header.warmedUp;
            return header;
        }

        /** Checkpoints the state at the end of cycle {@code cycles} of the phase {@code stage}. */
        void save(Stage stage, long cycles, double phaseSeconds, double phaseSecondsLeft,
                  Map<String, Points> curves) {
            if (stopped) {
                return;
            }
            Resumed h = new Resumed();
            h.stage = stage;
            h.cycles = cycles;
            h.phaseSeconds = phaseSeconds;
            h.phaseSecondsLeft = phaseSecondsLeft;
            h.runSecondsLeft = secondsLeft(run);
            h.curves.putAll(curves);
            h.adapted = stage == Stage.ADAPTIVE ? null : adapted;
            h.warmedUp = stage == Stage.PRODUCTION ? warmedUp : null;
            stopped = Budget.stoppedAll();
            header = h;
            checkpoints.write(this);
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeByte(header.stage.ordinal());
            out.writeLong(header.cycles);
            out.writeDouble(header.phaseSeconds);
            out.writeDouble(header.phaseSecondsLeft);
            out.writeDouble(header.runSecondsLeft);
            writeCurves(out, header.curves);
            writeDone(out, header.adapted);
            writeDone(out, header.warmedUp);
            for (Checkpointable part : parts) {
                part.writeState(out);
            }
        }

        @Override
        public void readState(DataInput in) throws IOException {
            Resumed h = new Resumed();
            int stage = in.readUnsignedByte();
            if (stage >= Stage.values().length) {
                throw new IOException("unknown phase " + stage);
            }
            h.stage = Stage.values()[stage];
            h.cycles = in.readLong();
            h.phaseSeconds = in.readDouble();
            h.phaseSecondsLeft = in.readDouble();
            h.runSecondsLeft = in.readDouble();
            int curves = in.readInt();
            for (int i = 0; i < curves; i++) {
                String name = in.readUTF();
                Points p = new Points();
                double[] x = readDoubles(in);
                double[] y = readDoubles(in);
                for (int k = 0; k < x.length; k++) {
                    p.add(x[k], y[k]);
                }
                h.curves.put(name, p);
            }
            h.adapted = readDone(in);
            h.warmedUp = readDone(in);
            for (Checkpointable part : parts) {
                part.readState(in);
            }
            header = h;
        }

        /** A finished phase's outcome, or null. */
        private static void writeDone(DataOutput out, Done done) throws IOException {
            out.writeBoolean(done != null);
            if (done == null) {
                return;
            }
            out.writeLong(done.cycles());
            out.writeDouble(done.seconds());
            out.writeInt(done.history().size());
            for (Map.Entry<String, RunRecord.Curve> e : done.history().entrySet()) {
                out.writeUTF(e.getKey());
                RunRecord.Curve curve = e.getValue();
                out.writeUTF(curve.xLabel());
                writeDoubles(out, curve.x());
                writeDoubles(out, curve.y());
            }
        }

        private static Done readDone(DataInput in) throws IOException {
            if (!in.readBoolean()) {
                return null;
            }
            long cycles = in.readLong();
            double seconds = in.readDouble();
            Map<String, RunRecord.Curve> history = new LinkedHashMap<>();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                history.put(name, new RunRecord.Curve(in.readUTF(), readDoubles(in), readDoubles(in)));
            }
            return new Done(cycles, seconds, history);
        }

        private static void writeCurves(DataOutput out, Map<String, Points> curves) throws IOException {
            out.writeInt(curves.size());
            for (Map.Entry<String, Points> e : curves.entrySet()) {
                out.writeUTF(e.getKey());
                RunRecord.Curve c = e.getValue().toCurve("");
                writeDoubles(out, c.x());
                writeDoubles(out, c.y());
            }
        }

        private static void writeDoubles(DataOutput out, double[] v) throws IOException {
            out.writeInt(v.length);
            for (double d : v) {
                out.writeDouble(d);
            }
        }

        private static double[] readDoubles(DataInput in) throws IOException {
            double[] v = new double[in.readInt()];
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readDouble();
            }
            return v;
        }
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
