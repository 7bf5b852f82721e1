package org.boltzmann4j.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.boltzmann4j.analysis.RunAnalysis;
import org.boltzmann4j.analysis.RunReport;
import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.Checkpoints;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.sampler.Sampler;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.systems.Systems;

/**
 * Runs one {@link RunSpec} end to end: builds system and sampler, samples within the budget,
 * measures, and writes results.json, the profile CSV, plots and the trained model to a directory.
 * Samplers that can ({@link Sampler#checkpoints()}) checkpoint into {@code DIR/checkpoint/}, which
 * a run with {@link RunOptions#resume()} continues from; the checkpoint is deleted once the run
 * finished with status ok.
 */
public final class Runner {

    /** The b4j version, part of every checkpoint's identity. */
    public static final String VERSION = "0.1.0";

    /** What a finished run wrote, its status (ok or interrupted), and a few lines to print. */
    public record Outcome(Path directory, RunReport report, double wallSeconds, long energyEvaluations,
                          ResultsJson.Status status, List<String> summaryLines) {
    }

    private Runner() {
    }

    /** Builds system and sampler (validating every parameter) before any work or file is made. */
    public static Outcome run(RunSpec spec, Path out, boolean overwrite, Progress progress) {
        return run(spec, out, RunOptions.fresh(overwrite), progress);
    }

    /** As above, with the directory and checkpoints handled as {@code options} say. */
    public static Outcome run(RunSpec spec, Path out, RunOptions options, Progress progress) {
        return run(Systems.create(spec.system(), spec.systemOverrides()), spec, out, options, progress);
    }

    /**
     * Runs a system built in code (a user's own subclass, say) with the sampler, seed and budget of
     * {@code spec}; the spec's system name and overrides are not used.
     */
    public static Outcome run(BoltzmannSystem<?> system, RunSpec spec, Path out, boolean overwrite, Progress progress) {
        return run(system, spec, out, RunOptions.fresh(overwrite), progress);
    }

    /** As above, with the directory and checkpoints handled as {@code options} say. */
    public static Outcome run(BoltzmannSystem<?> system, RunSpec spec, Path out, RunOptions options,
                              Progress progress) {
        Samplers.ConfiguredSampler sampler = Samplers.create(spec.sampler(), system, spec.samplerOverrides());
        Checkpoints checkpoints = checkpoints(system, spec, sampler, out, options);
        Budget budget = Budget.of(spec.budgetSeconds(), spec.steps() == null ? Long.MAX_VALUE : spec.steps());
        RunContext context = new RunContext(budget, spec.seed(), new LiveRecord(out, system.name(), progress),
                out.resolve("model"), checkpoints);
        long start = System.nanoTime();
        try (Interruption interruption = Interruption.install(() -> ResultsJson.writeWithoutEstimates(out, spec, system,
                sampler, seconds(start), ResultsJson.Status.INTERRUPTED, "stopped before the sampler returned"))) {
            RunRecord record;
            try {
                record = runTyped(sampler.sampler(), system, context);
            } catch (RuntimeException | OutOfMemoryError e) {
                String error = message(e);
                ResultsJson.writeWithoutEstimates(out, spec, system, sampler, seconds(start), ResultsJson.Status.FAILED,
                        error);
                throw B4jException.failure(e, "%s", error);
            }
            double wall = seconds(start);
            ResultsJson.Status status = interruption.requested() ? ResultsJson.Status.INTERRUPTED
                    : ResultsJson.Status.OK;
            RunReport report;
            try {
                report = RunAnalysis.analyze(system, record);
            } catch (RuntimeException | OutOfMemoryError e) {
                String error = "analysis after sampling failed: " + message(e);
                ResultsJson.writeWithoutEstimates(out, spec, system, sampler, wall, ResultsJson.Status.FAILED, error);
                throw B4jException.failure(e, "%s", error);
            }
            String error = report.failure();
            ResultsJson.write(out, spec, system, sampler, wall, record, report,
                    error == null ? status : ResultsJson.Status.FAILED, error);
            try {
                report.writeArtifacts(out, system, record);
            } catch (RuntimeException | OutOfMemoryError e) {
                error = "writing profiles and plots failed: " + message(e);
                ResultsJson.write(out, spec, system, sampler, wall, record, report, ResultsJson.Status.FAILED, error);
            }
            if (error != null) {
                throw B4jException.failure("%s; the estimates are in %s", error, out.resolve(ResultsJson.FILE));
            }
            if (status == ResultsJson.Status.OK) {
                Checkpoints.delete(out);
            }
            return new Outcome(out, report, wall, record.energyEvaluations(), status,
                    summary(out, report, essFraction(record), wall, status));
        }
    }

    /** Claims the directory (fresh) or finds its checkpoint (resume), and says where to checkpoint. */
    private static Checkpoints checkpoints(BoltzmannSystem<?> system, RunSpec spec, Samplers.ConfiguredSampler sampler,
                                           Path out, RunOptions options) {
        boolean writes = sampler.sampler().checkpoints();
        if (!options.resume()) {
            OutputDirectory.RUN.claim(out, options.overwrite());
            if (!writes) {
                return Checkpoints.NONE;
            }
            Checkpoints fresh = Checkpoints.fresh(out, identity(system, spec, sampler), options.checkpointSeconds(),
                    options.afterCheckpoint());
            fresh.begin();
            return fresh;
        }
        if (!writes) {
            throw B4jException.badInput("--resume: sampler %s writes no checkpoints yet, so its runs cannot resume "
                    + "(the chain samplers do: metropolis, mala, hmc, heat-bath, wolff, pt, flow-mcmc, nmcmc, ncus); "
                    + "rerun with --overwrite",
                    sampler.name());
        }
        OutputDirectory.RUN.claimForResume(out);
        if (!Checkpoints.exists(out) && Files.exists(out.resolve(ResultsJson.FILE))) {
            throw B4jException.badInput("--resume: %s holds a finished run and no checkpoint; nothing to resume", out);
        }
        return Checkpoints.resume(out, identity(system, spec, sampler), options.checkpointSeconds(),
                options.afterCheckpoint());
    }

    /** The identity's key of the budget in seconds ("none": untimed). */
    public static final String BUDGET_KEY = "--budget";

    /** What fixes a run's numbers: version, system and sampler with every parameter, seed, budget. */
    static Map<String, String> identity(BoltzmannSystem<?> system, RunSpec spec, Samplers.ConfiguredSampler sampler) {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("version", VERSION);
        id.put("system", system.name());
        system.parameters().asMap().forEach((k, v) -> id.put(k, String.valueOf(v)));
        id.put("--sampler", sampler.name());
        sampler.parameters().asMap().forEach((k, v) -> id.put(RunSpec.SAMPLER_PREFIX + k, String.valueOf(v)));
        id.put("--seed", Long.toString(spec.seed()));
        id.put("--steps", String.valueOf(spec.steps()));
        id.put(BUDGET_KEY, Double.isInfinite(spec.budgetSeconds()) ? "none" : Double.toString(spec.budgetSeconds()));
        return id;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) * 1e-9;
    }

    /** A failure as one line for stderr and results.json. */
    public static String message(Throwable e) {
        if (e instanceof B4jException) {
            return e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory; reduce chains, batch or model size, or give the launcher more heap (B4J_HEAP=N, in GiB)";
        }
        return "internal error: " + e;
    }

    @SuppressWarnings("unchecked")
    private static <C> RunRecord runTyped(Sampler<?> sampler, BoltzmannSystem<C> system, RunContext context) {
        return ((Sampler<C>) sampler).run(system, context);
    }

    /** The Kish ESS fraction of a run's importance weights, where the sampler reported one. */
    static Double essFraction(RunRecord record) {
        return record.details().get("ess_fraction") instanceof Number f ? f.doubleValue() : null;
    }

    private static List<String> summary(Path out, RunReport report, Double essFraction, double wall,
                                        ResultsJson.Status status) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "wrote %s (%.1f s%s)", out.resolve(ResultsJson.FILE), wall,
                status == ResultsJson.Status.OK ? "" : ", status " + status.json()));
        for (Map.Entry<String, Estimate> e : report.observables().entrySet()) {
            Estimate est = e.getValue();
            Double exact = report.exact().get(e.getKey());
            lines.add(String.format(Locale.ROOT, "  %-28s %12.6g ± %-10.3g tau_int %-8.3g ESS %-10.4g%s%s", e.getKey(),
                    est.mean(), est.stderr(), est.tauInt(), est.ess(),
                    exact == null ? "" : versusExact(est.mean(), est.stderr(), exact),
                    report.untrusted().containsKey(e.getKey()) ? " untrusted" : ""));
        }
        if (report.lnZ() != null) {
            lines.add(String.format(Locale.ROOT, "  %-28s %12.6g ± %-10.3g%s%s", "ln Z", report.lnZ().estimate(),
                    report.lnZ().stderr(), report.exactLnZ() == null ? ""
                            : versusExact(report.lnZ().estimate(), report.lnZ().stderr(), report.exactLnZ()),
                    essFraction == null ? "" : String.format(Locale.ROOT, "  ESS fraction %.3g", essFraction)));
        }
        RunReport.FreeEnergyDifference d = report.freeEnergyDifference();
        if (d != null) {
            lines.add(String.format(Locale.ROOT, "  %-28s %12.6g ± %-10.3g%s", "Delta F (B - A)", d.estimate(), d.stderr(),
                    d.exact() == null ? "" : versusExact(d.estimate(), d.stderr(), d.exact())));
        }
        report.warnings().forEach(w -> lines.add("  warning: " + w));
        return lines;
    }

    /** " exact X (+z sigma)", or the plain difference where the error is zero or unknown. */
    private static String versusExact(double mean, double stderr, double exact) {
        return stderr > 0 && Double.isFinite(stderr)
                ? String.format(Locale.ROOT, " exact %.6g (%+.1f sigma)", exact, (mean - exact) / stderr)
                : String.format(Locale.ROOT, " exact %.6g (difference %.3g)", exact, mean - exact);
    }
}
