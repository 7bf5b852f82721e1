package org.boltzmann4j.suite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.boltzmann4j.run.Interruption;
import org.boltzmann4j.run.RunOptions;
import org.boltzmann4j.run.RunSpec;
import org.boltzmann4j.run.Runner;
import org.boltzmann4j.sampler.Checkpoints;
import org.boltzmann4j.sampler.Progress;

/**
 * The default engine: the cases run in this process one after another, each case's share of the
 * budget taken from what is left when it starts (a case that ends early leaves its time to the next).
 * Resuming, a case with a checkpoint continues from it, on the budget it was saved with.
 */
final class LocalEngine implements SuiteEngine {

    static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(List<SuiteDefinition.Case> cases, double budgetSeconds, Path runs, String master,
                    RunOptions options, Interruption interruption, Progress progress, PrintStream log,
                    List<SuiteRunner.CaseResult> results) {
        long start = System.nanoTime();
        for (int i = 0; i < cases.size() && !interruption.requested(); i++) {
            SuiteDefinition.Case c = cases.get(i);
            double elapsed = (System.nanoTime() - start) * 1e-9;
            double remainingWeight = cases.subList(i, cases.size()).stream().mapToDouble(SuiteDefinition.Case::weight)
                    .sum();
            double share = Math.max(0, (budgetSeconds - elapsed) * c.weight() / remainingWeight);
            Path dir = runs.resolve(c.id());
            boolean resumeCase = options.resume() && Checkpoints.exists(dir);
            RunSpec spec = c.run(runs, resumeCase ? savedBudget(dir, share) : share);
            log.printf(Locale.ROOT, "b4j: case %d/%d %s (%.1f s%s%s)%n", i + 1, cases.size(), c.id(),
                    spec.budgetSeconds(), spec.samplerOverrides().equals(c.spec().samplerOverrides()) ? ""
                            : ", warm start from " + c.warmFrom(), resumeCase ? ", resumed" : "");
            RunOptions caseOptions = new RunOptions(!resumeCase, resumeCase, options.checkpointSeconds(),
                    options.afterCheckpoint());
            try {
                Runner.run(spec, dir, caseOptions, progress);
                results.add(new SuiteRunner.CaseResult(c, dir, null));
            } catch (RuntimeException e) {
                String message = Runner.message(e);
                log.println("b4j: case " + c.id() + " failed: " + message);
                results.add(SuiteRunner.CaseResult.failed(c, dir, message));
            }
        }
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
}
