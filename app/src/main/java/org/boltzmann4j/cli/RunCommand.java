package org.boltzmann4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.boltzmann4j.run.Durations;
import org.boltzmann4j.run.RunOptions;
import org.boltzmann4j.run.RunSpec;
import org.boltzmann4j.run.Runner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code b4j run SYSTEM --sampler NAME ...}: one run, written to an output directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Sample one system with one sampler; write results.json, profiles and plots to --out.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ClasspathOption classpath = new ClasspathOption();

    @Parameters(index = "0", paramLabel = "SYSTEM", description = "system name (see 'b4j systems')")
    String system;

    @Option(names = "--sampler", required = true, paramLabel = "NAME", description = "sampler name (see 'b4j samplers')")
    String sampler;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "system parameter (h=0.05) or sampler parameter (sampler.chains=256); repeatable")
    java.util.List<String> sets = new java.util.ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--budget", paramLabel = "DURATION",
            description = "wall-clock budget for the whole run, training included: 90s, 5m, 1h (default 2m unless --steps)")
    String budget;

    @Option(names = "--steps", paramLabel = "N", description = "bound the work: sweeps (local) or cycles (model-based)")
    Long steps;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created)")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing run in --out")
    boolean overwrite;

    @Option(names = "--resume", description = "continue the interrupted run in --out from its checkpoint "
            + "(same arguments); a --steps run then gives the numbers of an uninterrupted one")
    boolean resume;

    @Option(names = "--checkpoint-every", paramLabel = "DURATION",
            description = "time between checkpoints, also taken at phase boundaries (default 60s)")
    String checkpointEvery;

    @Override
    public Integer call() {
        try (ClasspathOption.Scope user = classpath.open()) {
            RunSpec spec = RunSpec.parse(system, sampler, sets, seed,
                    budget == null ? (steps == null ? 120.0 : Double.POSITIVE_INFINITY) : Durations.seconds(budget),
                    steps);
            ProgressReporter progress = ProgressReporter.forStderr();
            try {
                Runner.Outcome outcome = Runner.run(spec, out, RunOptions.of(overwrite, resume, checkpointEvery),
                        progress);
                progress.finish();
                outcome.summaryLines().forEach(System.out::println);
                return 0;
            } finally {
                progress.finish();
            }
        }
    }
}
