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
import org.boltzmann4j.run.RunSpec;
import org.boltzmann4j.run.Runner;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.suite.SuiteDefinition;
import org.boltzmann4j.suite.SuiteEngine;
import org.boltzmann4j.suite.SuiteRunner;

/**
 * The Apache Spark suite engine ({@code --engine spark}): every case of a suite is one Spark job of
 * one task, so up to as many cases run at once as the cluster has task slots. A task runs its case
 * with {@link Runner} into a scratch directory on its executor and ships the files back; the driver
 * writes them to {@code runs/CASE}. Each case keeps its own seed, so a {@code --steps}-bounded suite
 * gives the same numbers as on the local engine. The master is {@code local[*]} (embedded, every core)
 * unless {@code --master} or {@code spark-submit} names another. A timed suite's budget is shared so
 * that the cases, running side by side in as many slots, end together: each case gets
 * budget × slots × its weight / all weights.
 */
public final class SparkEngine implements SuiteEngine {

    /** The engine name {@code --engine} selects. */
    public static final String NAME = "spark";

    /** What one task runs: a case's run directory name and its run. */
    record CaseJob(String id, RunSpec spec) implements Serializable {
    }

    /**
     * What one task ships back: the files of the run directory by relative path, and the failure
     * message or null.
     */
    record CaseFiles(Map<String, byte[]> files, String error) implements Serializable {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(SuiteDefinition suite, double budgetSeconds, Path runs, String master, Interruption interruption,
                    Progress progress, PrintStream log, List<SuiteRunner.CaseResult> results) {
        SparkConf conf = new SparkConf().setAppName("b4j suite " + suite.name())
                .setIfMissing("spark.master", master == null ? "local[*]" : master)
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            conf.setMaster(master);
        }
        List<SuiteDefinition.Case> cases = suite.cases();
        try (JavaSparkContext spark = open(conf)) {
            int slots = Math.max(1, Math.min(spark.defaultParallelism(), cases.size()));
            double weights = cases.stream().mapToDouble(SuiteDefinition.Case::weight).sum();
            log.printf(Locale.ROOT, "b4j: %d cases on Spark %s, %d at a time%n", cases.size(), spark.master(), slots);
            List<JavaFutureAction<List<CaseFiles>>> jobs = new ArrayList<>();
            for (SuiteDefinition.Case c : cases) {
                RunSpec spec = c.withBudget(budgetSeconds * slots * c.weight() / weights);
                jobs.add(spark.parallelize(List.of(new CaseJob(c.id(), spec)), 1).map(SparkEngine::runCase)
                        .collectAsync());
            }
            for (int i = 0; i < cases.size(); i++) {
                SuiteDefinition.Case c = cases.get(i);
                if (interruption.requested()) {
                    jobs.subList(i, jobs.size()).forEach(j -> j.cancel(true));
                    break;
                }
                Path dir = runs.resolve(c.id());
                CaseFiles files;
                try {
                    files = jobs.get(i).get().get(0);
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

    private static JavaSparkContext open(SparkConf conf) {
        try {
            return new JavaSparkContext(conf);
        } catch (Exception e) { // Scala throws SparkException, a checked exception, undeclared
            throw B4jException.badInput("cannot start Spark with master %s: %s", conf.get("spark.master"),
                    e.getMessage());
        }
    }

    /** Runs one case into a scratch directory on the executor and returns its files. */
    static CaseFiles runCase(CaseJob job) throws IOException {
        Path scratch = Files.createTempDirectory("b4j-case-");
        Path dir = scratch.resolve(job.id());
        try {
            String error = null;
            try {
                Runner.run(job.spec(), dir, true, Progress.SILENT);
            } catch (RuntimeException e) {
                error = Runner.message(e);
            }
            return new CaseFiles(read(dir), error);
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
