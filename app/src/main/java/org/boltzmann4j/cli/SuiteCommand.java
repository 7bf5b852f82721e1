package org.boltzmann4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.boltzmann4j.run.Durations;
import org.boltzmann4j.run.RunOptions;
import org.boltzmann4j.suite.SuiteDefinition;
import org.boltzmann4j.suite.SuiteRunner;
import org.boltzmann4j.suite.Suites;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code b4j suite NAME|FILE [--budget DURATION] --out DIR}: several runs and a report. */
@Command(name = "suite", mixinStandardHelpOptions = true,
        description = "Run a benchmark suite (built-in: quick, phi4-chain, ising; or a YAML/JSON file); "
                + "writes runs/, summary.csv and report.html. Exits 1 if any case failed.")
final class SuiteCommand implements Callable<Integer> {

    @Mixin
    ClasspathOption classpath = new ClasspathOption();

    @Parameters(index = "0", paramLabel = "NAME|FILE", description = "built-in suite name or suite file")
    String suite;

    @Option(names = "--budget", paramLabel = "DURATION", description = "wall-clock budget of the whole suite "
            + "(default: the suite's own), split over its cases by weight")
    String budget;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing suite in --out")
    boolean overwrite;

    @Option(names = "--engine", paramLabel = "local|spark", defaultValue = "local", description = "where the cases "
            + "run: local (this process, one after another; default) or spark (Apache Spark, every case a task; "
            + "alone it means an embedded local[*])")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "the Spark master with --engine spark: local[N], "
            + "spark://HOST:PORT, yarn, k8s://... (default local[*])")
    String master;

    @Option(names = "--resume", description = "continue the interrupted suite in --out: finished cases are kept, "
            + "the interrupted one resumes from its checkpoint, the rest run")
    boolean resume;

    @Option(names = "--checkpoint-every", paramLabel = "DURATION",
            description = "time between the checkpoints of each case (default 60s)")
    String checkpointEvery;

    @Override
    public Integer call() {
        try (ClasspathOption.Scope user = classpath.open()) {
            SuiteDefinition definition = Suites.load(suite);
            ProgressReporter progress = ProgressReporter.forStderr();
            List<SuiteRunner.CaseResult> results;
            try {
                results = SuiteRunner.run(definition, budget == null ? Double.NaN : Durations.seconds(budget), out,
                        RunOptions.of(overwrite, resume, checkpointEvery), engine, master, progress, System.err);
            } finally {
                progress.finish();
            }
            long failed = results.stream().filter(r -> r.error() != null).count();
            System.out.printf("wrote %s and %s (%d cases, %d failed)%n", out.resolve("summary.csv"),
                    out.resolve("report.html"), results.size(), failed);
            return failed == 0 ? 0 : 1;
        }
    }
}
