package org.boltzmann4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.run.Runner;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code b4j} command line, documented in docs/cli.md. Errors print one line on
 * stderr: exit status 2 for bad usage or input, 1 for a failure while running.
 */
@Command(name = "b4j", mixinStandardHelpOptions = true, version = "boltzmann4j " + Runner.VERSION,
        description = "Statistical mechanics with generative models inside Markov chain Monte Carlo.",
        subcommands = {SystemsCommand.class, SamplersCommand.class, RunCommand.class, SuiteCommand.class,
                PlotCommand.class, BenchCommand.class, NotebookCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd.getErr()));
        cli.setParameterExceptionHandler((e, args2) -> {
            e.getCommandLine().getErr().println("b4j: " + e.getMessage());
            e.getCommandLine().getErr().println("b4j: see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help'");
            return 2;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("b4j: out of memory; reduce chains, batch or model size, or give the launcher more heap (B4J_HEAP=N, in GiB)");
            return 1;
        }
    }

    private static int report(Exception e, PrintWriter err) {
        boolean known = e instanceof B4jException;
        err.println("b4j: " + (known ? e.getMessage() : "internal error: " + e));
        if (System.getenv("B4J_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return known ? ((B4jException) e).kind().exitStatus() : 1;
    }
}
