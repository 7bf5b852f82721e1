package org.boltzmann4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.notebook.NotebookRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code b4j notebook FILE}: executes a Java notebook's code cells in order and writes their outputs
 * (text, values, plots) back into it. Exit status 1 names the first failing cell.
 */
@Command(name = "notebook", mixinStandardHelpOptions = true,
        description = "Execute a Java Jupyter notebook (.ipynb) against boltzmann4j and write its outputs back into it.")
final class NotebookCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "notebook (.ipynb, nbformat 4, Java code cells)")
    Path file;

    @Option(names = "--budget-scale", paramLabel = "X", defaultValue = "1",
            description = "multiply every run budget the notebook asks for by X (default ${DEFAULT-VALUE}; 0.05 for a quick check)")
    double budgetScale;

    @Option(names = "--output", paramLabel = "FILE", description = "write the executed notebook here instead of over FILE")
    Path output;

    @Option(names = "--work", paramLabel = "DIR",
            description = "keep the runs' files (results.json, plots) under DIR (default: a temporary directory, removed)")
    Path work;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw B4jException.badInput("notebook %s does not exist", file);
        }
        Path directory = work != null ? Files.createDirectories(work) : Files.createTempDirectory("b4j-notebook");
        try {
            NotebookRunner runner = new NotebookRunner(System.getProperty("java.class.path"), budgetScale, directory,
                    System.err);
            NotebookRunner.Result result = runner.execute(file, output != null ? output : file);
            Path written = output != null ? output : file;
            if (!result.ok()) {
                throw B4jException.failure("notebook %s failed at %s (outputs so far written to %s)", file,
                        result.failure().describe(), written);
            }
            System.out.printf(Locale.ROOT, "executed %d code cells of %s in %.1f s; wrote %s%n", result.executed(), file,
                    result.seconds(), written);
            return 0;
        } finally {
            if (work == null) {
                delete(directory);
            }
        }
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
