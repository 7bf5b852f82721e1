package org.boltzmann4j.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.run.RunSpec;
import org.boltzmann4j.run.Runner;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.systems.Systems;

/**
 * Runs every case of a suite into {@code DIR/runs/CASE}, keeps going when a case fails, then writes
 * {@code summary.csv} and {@code report.html}.
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
        validate(suite);
        Path runs = out.resolve("runs");
        if (Files.exists(out.resolve("summary.csv")) && !overwrite) {
            throw B4jException.badInput("--out %s already holds a suite (summary.csv); pass --overwrite to replace it",
                    out);
        }
        try {
            Files.createDirectories(runs);
        } catch (IOException e) {
            throw B4jException.badInput("cannot create --out %s: %s", out, e.getMessage());
        }
        double total = Double.isNaN(budgetSeconds) ? suite.budgetSeconds() : budgetSeconds;
        long start = System.nanoTime();
        List<CaseResult> results = new ArrayList<>();
        for (int i = 0; i < suite.cases().size(); i++) {
            SuiteDefinition.Case c = suite.cases().get(i);
            double elapsed = (System.nanoTime() - start) * 1e-9;
            double remainingWeight = suite.cases().subList(i, suite.cases().size()).stream()
                    .mapToDouble(SuiteDefinition.Case::weight).sum();
            double share = Math.max(1, (total - elapsed) * c.weight() / remainingWeight);
            RunSpec spec = new RunSpec(c.spec().system(), c.spec().sampler(), c.spec().systemOverrides(),
                    c.spec().samplerOverrides(), c.spec().seed(), share, c.spec().steps());
            log.printf(Locale.ROOT, "b4j: case %d/%d %s (%.0f s)%n", i + 1, suite.cases().size(), c.id(), share);
            try {
                results.add(new CaseResult(c, Runner.run(spec, runs.resolve(c.id()), true, progress), null));
            } catch (RuntimeException e) {
                String message = e instanceof B4jException ? e.getMessage() : e.toString();
                log.println("b4j: case " + c.id() + " failed: " + message);
                results.add(new CaseResult(c, null, message));
            }
        }
        SummaryCsv.write(out.resolve("summary.csv"), results);
        SuiteReport.write(out, suite.name(), suite.description());
        return results;
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
