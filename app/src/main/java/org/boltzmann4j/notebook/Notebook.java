package org.boltzmann4j.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.run.RunSpec;

/**
 * What a notebook cell asks of the runner: a wall-clock budget scaled by the runner's budget scale
 * (so CI can execute every notebook in little time), and a directory for each run's files. Outside
 * {@link NotebookRunner} (in IJava, say) the scale is the system property
 * {@value #BUDGET_SCALE_PROPERTY} or 1, and directories go to a fresh temporary directory.
 */
public final class Notebook {

    /** System property read for the budget scale when no runner has set one. */
    public static final String BUDGET_SCALE_PROPERTY = "b4j.notebook.budget-scale";

    /** The least budget a scaled run gets, in seconds. */
    public static final double MIN_SECONDS = 6;

    private static volatile Double budgetScale;
    private static volatile Path workDirectory;
    private static volatile Path notebookDirectory;

    private Notebook() {
    }

    /** Set by the runner for the notebook it executes (in {@code notebookDir}); null values restore the defaults. */
    static void configure(Double scale, Path directory, Path notebookDir) {
        budgetScale = scale;
        workDirectory = directory;
        notebookDirectory = notebookDir;
    }

    /** A file next to the executing notebook, such as {@code file("data/reference.csv")}. */
    public static Path file(String relative) {
        Path dir = notebookDirectory;
        return (dir == null ? Path.of("") : dir).toAbsolutePath().resolve(relative);
    }

    /** The factor every budget is multiplied by: 1 for the full notebook, less for a quick check. */
    public static double budgetScale() {
        Double s = budgetScale;
        if (s != null) {
            return s;
        }
        String property = System.getProperty(BUDGET_SCALE_PROPERTY);
        if (property == null) {
            return 1;
        }
        try {
            double value = Double.parseDouble(property);
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw B4jException.badInput("-D%s=%s is not allowed: must be a positive number", BUDGET_SCALE_PROPERTY, property);
    }

    /**
     * {@code seconds} at full scale, times the budget scale, but never less than
     * {@value #MIN_SECONDS} s (or {@code seconds} itself when that is less): a model-based run needs a
     * few seconds to start before it samples at all.
     */
    public static double budget(double seconds) {
        return Math.max(seconds * budgetScale(), Math.min(seconds, MIN_SECONDS));
    }

    /**
     * A run of a registered system: {@code sets} as on the command line ({@code "h=0.05"},
     * {@code "sampler.chains=128"}); the budget is {@code seconds} at full scale, times the budget scale.
     */
    public static RunSpec spec(String system, String sampler, long seed, double seconds, String... sets) {
        return RunSpec.parse(system, sampler, List.of(sets), seed, budget(seconds), null);
    }

    /** A fresh directory for the files of one run (or one plot), named {@code name}. */
    public static Path directory(String name) {
        try {
            Path root = workDirectory;
            if (root == null) {
                synchronized (Notebook.class) {
                    if (workDirectory == null) {
                        workDirectory = Files.createTempDirectory("b4j-notebook");
                    }
                    root = workDirectory;
                }
            }
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot create a notebook directory %s: %s", name, e.getMessage());
        }
    }
}
