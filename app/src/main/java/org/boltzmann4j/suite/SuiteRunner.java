package org.boltzmann4j.suite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.run.Interruption;
import org.boltzmann4j.run.OutputDirectory;
import org.boltzmann4j.run.ResultsJson;
import org.boltzmann4j.run.RunOptions;
import org.boltzmann4j.run.RunSpec;
import org.boltzmann4j.run.Runner;
import org.boltzmann4j.sampler.Checkpoints;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.systems.Systems;

/**
 * Runs every case of a suite into {@code DIR/runs/CASE}, keeps going when a case fails, then writes
 * {@code summary.csv} and {@code report.html}. A resumed suite keeps every case that finished
 * (status ok), resumes a case from its checkpoint and runs the rest.
 */
public final class SuiteRunner {

    /**
     * The result of one case.
     *
     * @param suiteCase the case
     * @param outcome   what the run wrote, or null if it failed
     * @param error     the failure message, or null
     */
    public record CaseResult(SuiteDefinition.Case suiteCase, Runner.Outcome outcome, String error) {
    }

    private SuiteRunner() {
    }

    /**
     * @param budgetSeconds total budget, or NaN for the suite's own
     * @return results of every case, in order
     */
    public static List<CaseResult> run(SuiteDefinition suite, double budgetSeconds, Path out, boolean overwrite,
                                       Progress progress, java.io.PrintStream log) {
        return run(suite, budgetSeconds, out, RunOptions.fresh(overwrite), progress, log);
    }

    /**
     * As above; {@code options} say whether the suite is fresh, replaces one or resumes one in
     * {@code out}, and how often its cases checkpoint.
     */
    public static List<CaseResult> run(SuiteDefinition suite, double budgetSeconds, Path out, RunOptions options,
                                       Progress progress, java.io.PrintStream log) {
        validate(suite);
        double total = Double.isNaN(budgetSeconds) ? suite.budgetSeconds() : budgetSeconds;
        checkBudget(suite, total);
        if (options.resume()) {
            OutputDirectory.SUITE.claimForResume(out);
        } else {
            OutputDirectory.SUITE.claim(out, options.overwrite());
        }
        Path runs = out.resolve("runs");
        long start = System.nanoTime();
        List<CaseResult> results = new CopyOnWriteArrayList<>();
        try (Interruption interruption = Interruption.install(() -> SummaryCsv.write(out.resolve("summary.csv"),
                results))) {
            for (int i = 0; i < suite.cases().size() && !interruption.requested(); i++) {
                SuiteDefinition.Case c = suite.cases().get(i);
                double elapsed = (System.nanoTime() - start) * 1e-9;
                double remainingWeight = suite.cases().subList(i, suite.cases().size()).stream()
                        .mapToDouble(SuiteDefinition.Case::weight).sum();
                double share = Math.max(0, (total - elapsed) * c.weight() / remainingWeight);
                Path dir = runs.resolve(c.id());
                if (options.resume() && finished(dir)) {
                    log.printf(Locale.ROOT, "b4j: case %d/%d %s finished earlier: kept%n", i + 1, suite.cases().size(),
                            c.id());
                    results.add(new CaseResult(c, ResultsJson.readOutcome(dir), null));
                    continue;
                }
                boolean resumeCase = options.resume() && Checkpoints.exists(dir);
                if (resumeCase) {
                    share = savedBudget(dir, share);
                }
                RunSpec spec = new RunSpec(c.spec().system(), c.spec().sampler(), c.spec().systemOverrides(),
                        c.spec().samplerOverrides(), c.spec().seed(), share, c.spec().steps());
                log.printf(Locale.ROOT, "b4j: case %d/%d %s (%.1f s)%s%n", i + 1, suite.cases().size(), c.id(), share,
                        resumeCase ? ", resumed" : "");
                RunOptions caseOptions = new RunOptions(!resumeCase, resumeCase, options.checkpointSeconds(),
                        options.afterCheckpoint());
                try {
                    results.add(new CaseResult(c, Runner.run(spec, dir, caseOptions, progress), null));
                } catch (RuntimeException e) {
                    String message = Runner.message(e);
                    log.println("b4j: case " + c.id() + " failed: " + message);
                    results.add(new CaseResult(c, null, message));
                }
            }
            SummaryCsv.write(out.resolve("summary.csv"), results);
            SuiteReport.write(out, suite.name(), suite.description());
        }
        return results;
    }

    /** A case that finished with status ok and left no checkpoint. */
    private static boolean finished(Path dir) {
        if (!Files.exists(dir.resolve(ResultsJson.FILE)) || Checkpoints.exists(dir)) {
            return false;
        }
        return ResultsJson.read(dir.resolve(ResultsJson.FILE)).path("status").asText()
                .equals(ResultsJson.Status.OK.json());
    }

    /** The budget an interrupted case's checkpoint was written with: it resumes on what is left of it. */
    private static double savedBudget(Path dir, double share) {
        String saved = Checkpoints.savedIdentity(dir).get(Runner.BUDGET_KEY);
        if (saved == null || saved.equals("none")) {
            return share;
        }
        try {
            return Double.parseDouble(saved);
        } catch (NumberFormatException e) {
            return share;
        }
    }

    /** Seconds below which a case's share of a timed suite budget is refused up front. */
    static final double MIN_CASE_SECONDS = 1;

    /** Refuses a budget whose smallest share would leave a case under {@value #MIN_CASE_SECONDS} s. */
    static void checkBudget(SuiteDefinition suite, double totalSeconds) {
        double weights = suite.cases().stream().mapToDouble(SuiteDefinition.Case::weight).sum();
        double smallest = suite.cases().stream().mapToDouble(SuiteDefinition.Case::weight).min().orElse(weights);
        double share = totalSeconds * smallest / weights;
        if (share < MIN_CASE_SECONDS) {
            throw B4jException.badInput("%s", String.format(Locale.ROOT, "--budget %.3gs cannot fit suite %s: "
                            + "%d cases would get %.3g s each at the least (at least %.0f s needed); "
                            + "give --budget %.0fs or more",
                    totalSeconds, suite.name(), suite.cases().size(), share, MIN_CASE_SECONDS,
                    Math.ceil(MIN_CASE_SECONDS * weights / smallest)));
        }
    }

    /** Builds every case's system and sampler once, so a bad suite fails before any work. */
    static void validate(SuiteDefinition suite) {
        for (SuiteDefinition.Case c : suite.cases()) {
            try {
                BoltzmannSystem<?> system = Systems.create(c.spec().system(), c.spec().systemOverrides());
                Samplers.create(c.spec().sampler(), system, c.spec().samplerOverrides());
            } catch (B4jException e) {
                throw B4jException.badInput("suite %s, case %s: %s", suite.name(), c.id(), e.getMessage());
            }
        }
    }
}
