package org.boltzmann4j.suite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.boltzmann4j.run.Interruption;
import org.boltzmann4j.run.RunOptions;
import org.boltzmann4j.sampler.Progress;

/**
 * Where the cases of a suite run: {@code local} (this process, one case after another) or an engine
 * found through {@link java.util.ServiceLoader}, such as the Apache Spark engine of the
 * {@code boltzmann4j-spark} module, where every case is a task. Each case writes its run directory
 * {@code runs/CASE}; a seed fixes each case whatever the engine, so {@code --steps}-bounded suites give
 * identical numbers on every engine.
 */
public interface SuiteEngine {

    /** The name {@code --engine} selects. */
    String name();

    /**
     * Runs the cases into {@code runs/CASE}, keeping going when a case fails.
     *
     * @param cases         the cases to run, validated, in the suite's order
     * @param budgetSeconds their wall-clock budget, split over them by weight
     * @param runs          the directory of the run directories
     * @param master        where to run ({@code --master}), or null for the engine's default
     * @param options       fresh or resumed, and how often a case checkpoints
     * @param interruption  set when the user stops the suite: finish or cancel, and return what finished
     * @param results       where each case's result goes as soon as it is known (read on interruption)
     */
    void run(List<SuiteDefinition.Case> cases, double budgetSeconds, Path runs, String master, RunOptions options,
             Interruption interruption, Progress progress, PrintStream log, List<SuiteRunner.CaseResult> results);
}
