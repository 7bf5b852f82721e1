package org.boltzmann4j.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.boltzmann4j.core.AtomicFiles;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.run.Interruption;
import org.boltzmann4j.run.OutputDirectory;
import org.boltzmann4j.run.ResultsJson;
import org.boltzmann4j.run.RunOptions;
import org.boltzmann4j.run.Runner;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.suite.SuiteDefinition;
import org.boltzmann4j.suite.SuiteEngine;
import org.boltzmann4j.suite.SuiteRunner;

/**
 * The Apache Spark suite engine ({@code --engine spark}): every case of a suite is one Spark job of
 * one task (a warm-start chain, whose cases each start from their predecessor's model, is one task
 * that runs them in order), so up to as many run at once as the cluster has task slots. A task runs
 * its cases with {@link Runner} into a scratch directory on its executor and ships the files back;
 * the driver writes them to {@code runs/CASE}. Each case keeps its own seed, so a {@code --steps}-bounded suite
 * gives the same numbers as on the local engine. The master is {@code local[*]} (embedded, every core)
 * unless {@code --master} or {@code spark-submit} names another. A timed suite's budget is shared so
 * that the cases, running side by side in as many slots, end together: each case gets
 * budget × slots × its weight / all weights.
 */
public final class SparkEngine implements SuiteEngine {

    /** The engine name {@code --engine} selects. */
    public static final String NAME = "spark";

    /**
     * What one task runs: cases in order, each a run directory name and its run, one warm-start chain
     * (each case starting from the model its predecessor saved) or a single case.
     */
    record Chain(List<SuiteDefinition.Case> cases, List<Double> seconds) implements Serializable {
    }

    /**
     * What one case ships back: the files of its run directory by relative path, and the failure
     * message or null.
     */
    record CaseFiles(Map<String, byte[]> files, String error) implements Serializable {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(List<SuiteDefinition.Case> cases, double budgetSeconds, Path runs, String master,
                    RunOptions options, Interruption interruption, Progress progress, PrintStream log,
                    List<SuiteRunner.CaseResult> results) {
        if (options.resume() && !cases.isEmpty()) {
            log.println("b4j: --engine spark runs the unfinished cases again from their start (resuming a case from "
                    + "its checkpoint is the local engine's)");
        }
        SparkConf conf = new SparkConf().setAppName("b4j suite")
                .setIfMissing("spark.master", master == null ? "local[*]" : master)
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            conf.setMaster(master);
        }
        List<List<SuiteDefinition.Case>> chains = chains(cases);
        try (JavaSparkContext spark = open(conf)) {
            int slots = Math.max(1, Math.min(spark.defaultParallelism(), chains.size()));
            double weights = cases.stream().mapToDouble(SuiteDefinition.Case::weight).sum();
            log.printf(Locale.ROOT, "b4j: %d cases on Spark %s, %d at a time%n", cases.size(), spark.master(), slots);
            Map<String, JavaFutureAction<List<List<CaseFiles>>>> jobs = new LinkedHashMap<>();
            Map<String, Integer> position = new LinkedHashMap<>();
            for (List<SuiteDefinition.Case> chain : chains) {
                List<Double> seconds = chain.stream().map(c -> budgetSeconds * slots * c.weight() / weights).toList();
                JavaFutureAction<List<List<CaseFiles>>> job = spark.parallelize(List.of(new Chain(chain, seconds)), 1)
                        .map(SparkEngine::runChain).collectAsync();
                for (int k = 0; k < chain.size(); k++) {
                    jobs.put(chain.get(k).id(), job);
                    position.put(chain.get(k).id(), k);
                }
            }
            for (int i = 0; i < cases.size(); i++) {
                SuiteDefinition.Case c = cases.get(i);
                if (interruption.requested()) {
                    jobs.values().forEach(j -> j.cancel(true));
                    break;
                }
                Path dir = runs.resolve(c.id());
                CaseFiles files;
                try {
                    files = jobs.get(c.id()).get().get(0).get(position.get(c.id()));
                } catch (ExecutionException e) {
                    String message = "Spark task failed: " + Runner.message(e.getCause() == null ? e : e.getCause());
                    log.println("b4j: case " + c.id() + " failed: " + message);
                    results.add(new SuiteRunner.CaseResult(c, null, message));
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                write(dir, files.files());
                log.printf(Locale.ROOT, "b4j: case %d/%d %s %s%n", i + 1, cases.size(), c.id(),
                        files.error() == null ? "done" : "failed: " + files.error());
                results.add(files.error() == null ? new SuiteRunner.CaseResult(c, dir, null)
                        : SuiteRunner.CaseResult.failed(c, dir, files.error()));
            }
        }
    }

    /** The cases grouped into warm-start chains (a case joins the chain of the case it starts from), in order. */
    static List<List<SuiteDefinition.Case>> chains(List<SuiteDefinition.Case> cases) {
        Map<String, List<SuiteDefinition.Case>> byId = new LinkedHashMap<>();
        List<List<SuiteDefinition.Case>> chains = new ArrayList<>();
        for (SuiteDefinition.Case c : cases) {
            List<SuiteDefinition.Case> chain = c.warmFrom() == null ? null : byId.get(c.warmFrom());
            if (chain == null) {
                chain = new ArrayList<>();
                chains.add(chain);
            }
            chain.add(c);
            byId.put(c.id(), chain);
        }
        return chains;
    }

    private static JavaSparkContext open(SparkConf conf) {
        try {
            return new JavaSparkContext(conf);
        } catch (Exception e) { // Scala throws SparkException, a checked exception, undeclared
            throw B4jException.badInput("cannot start Spark with master %s: %s", conf.get("spark.master"),
                    e.getMessage());
        }
    }

    /**
     * Runs a chain of cases one after another in a scratch directory on the executor (so that each
     * finds its predecessor's model) and returns each case's files.
     */
    static List<CaseFiles> runChain(Chain chain) throws IOException {
        Path scratch = Files.createTempDirectory("b4j-cases-");
        try {
            List<CaseFiles> out = new ArrayList<>();
            for (int k = 0; k < chain.cases().size(); k++) {
                SuiteDefinition.Case c = chain.cases().get(k);
                Path dir = scratch.resolve(c.id());
                String error = null;
                try {
                    Runner.run(c.run(scratch, chain.seconds().get(k)), dir, true, Progress.SILENT);
                } catch (RuntimeException e) {
                    error = Runner.message(e);
                }
                out.add(new CaseFiles(read(dir), error));
            }
            return out;
        } finally {
            delete(scratch);
        }
    }

    private static Map<String, byte[]> read(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** Writes a shipped run directory, results.json last, each file atomically. */
    private static void write(Path dir, Map<String, byte[]> files) {
        OutputDirectory.RUN.claim(dir, true);
        List<Map.Entry<String, byte[]>> entries = new ArrayList<>(files.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<String, byte[]> e) -> e.getKey().equals(ResultsJson.FILE)));
        for (Map.Entry<String, byte[]> e : entries) {
            Path file = dir.resolve(e.getKey());
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException ex) {
                throw B4jException.failure(ex, "cannot write %s: %s", file, ex.getMessage());
            }
            AtomicFiles.write(file, temp -> Files.write(temp, e.getValue()));
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
