package org.boltzmann4j.suite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.run.Interruption;
import org.boltzmann4j.run.OutputDirectory;
import org.boltzmann4j.run.ResultsJson;
import org.boltzmann4j.run.RunOptions;
import org.boltzmann4j.sampler.Checkpoints;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.systems.Systems;

/**
 * Runs every case of a suite into {@code DIR/runs/CASE} on a {@link SuiteEngine}, keeps going when a
 * case fails, then writes {@code summary.csv} and {@code report.html} from the cases' results.json.
 * A resumed suite keeps every case that finished (status ok) and hands the rest to the engine (the
 * local engine resumes a case from its checkpoint).
 */
public final class SuiteRunner {

    /**
     * The result of one case.
     *
     * @param suiteCase the case
     * @param directory its run directory, or null where it wrote no results.json
     * @param error     the failure message, or null
     */
    public record CaseResult(SuiteDefinition.Case suiteCase, Path directory, String error) {

        /** A failed case; its directory is kept where the run wrote partial results there. */
        public static CaseResult failed(SuiteDefinition.Case suiteCase, Path directory, String error) {
            return new CaseResult(suiteCase, Files.isRegularFile(directory.resolve(ResultsJson.FILE)) ? directory : null,
                    error);
        }
    }

    private SuiteRunner() {
    }

    /**
     * @param budgetSeconds total budget, or NaN for the suite's own
     * @param options       whether the suite is fresh, replaces one or resumes one in {@code out}, and how
     *                      often its cases checkpoint
     * @param engine        {@code local}, or the name of an engine on the classpath ({@code spark})
     * @param master        the engine's master URL, or null for its default
     * @return results of every case that ran or was kept, in the suite's order
     */
    public static List<CaseResult> run(SuiteDefinition suite, double budgetSeconds, Path out, RunOptions options,
                                       String engine, String master, Progress progress, java.io.PrintStream log) {
        SuiteEngine runner = engine(engine, master);
        validate(suite);
        double total = Double.isNaN(budgetSeconds) ? suite.budgetSeconds() : budgetSeconds;
        checkBudget(suite, total);
        if (options.resume()) {
            OutputDirectory.SUITE.claimForResume(out);
        } else {
            OutputDirectory.SUITE.claim(out, options.overwrite());
        }
        Path runs = out.resolve("runs");
        List<CaseResult> results = new CopyOnWriteArrayList<>();
        List<SuiteDefinition.Case> pending = new ArrayList<>();
        for (SuiteDefinition.Case c : suite.cases()) {
            if (options.resume() && finished(runs.resolve(c.id()))) {
                log.printf(Locale.ROOT, "b4j: case %s finished earlier: kept%n", c.id());
                results.add(new CaseResult(c, runs.resolve(c.id()), null));
            } else {
                pending.add(c);
            }
        }
        try (Interruption interruption = Interruption.install(() -> SummaryCsv.write(out.resolve("summary.csv"),
                inSuiteOrder(suite, results)))) {
            runner.run(pending, total * weight(pending) / weight(suite.cases()), runs, master, options, interruption,
                    progress, log, results);
            SummaryCsv.write(out.resolve("summary.csv"), inSuiteOrder(suite, results));
            SuiteReport.write(out, suite.name(), suite.description());
        }
        return inSuiteOrder(suite, results);
    }

    private static double weight(List<SuiteDefinition.Case> cases) {
        return cases.stream().mapToDouble(SuiteDefinition.Case::weight).sum();
    }

    private static List<CaseResult> inSuiteOrder(SuiteDefinition suite, List<CaseResult> results) {
        List<SuiteDefinition.Case> order = suite.cases();
        return results.stream().sorted(Comparator.comparingInt(r -> order.indexOf(r.suiteCase()))).toList();
    }

    /** A case that finished with status ok and left no checkpoint. */
    private static boolean finished(Path dir) {
        if (!Files.exists(dir.resolve(ResultsJson.FILE)) || Checkpoints.exists(dir)) {
            return false;
        }
        return ResultsJson.read(dir.resolve(ResultsJson.FILE)).path("status").asText()
                .equals(ResultsJson.Status.OK.json());
    }

    /** The local engine, or the one of that name found through {@link ServiceLoader}. */
    static SuiteEngine engine(String name, String master) {
        if (name.equals(LocalEngine.NAME)) {
            if (master != null) {
                throw B4jException.badInput("--master %s needs --engine spark: the local engine runs in this process",
                        master);
            }
            return new LocalEngine();
        }
        List<SuiteEngine> found = ServiceLoader.load(SuiteEngine.class).stream().map(ServiceLoader.Provider::get)
                .toList();
        return found.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() -> B4jException.badInput(
                "--engine %s is not available: engines here are %s%s", name,
                Stream.concat(Stream.of(LocalEngine.NAME), found.stream().map(SuiteEngine::name))
                        .collect(Collectors.joining(", ")),
                name.equals("spark") ? " (the spark engine is the boltzmann4j-spark module; ./b4j puts it on the "
                        + "classpath when it was built)" : ""));
    }

    /** Seconds below which a case's share of a timed suite budget is refused up front. */
    static final double MIN_CASE_SECONDS = 1;

    /** Refuses a budget whose smallest share would leave a case under {@value #MIN_CASE_SECONDS} s. */
    static void checkBudget(SuiteDefinition suite, double totalSeconds) {
        double weights = suite.cases().stream().mapToDouble(SuiteDefinition.Case::weight).sum();
        double smallest = suite.cases().stream().mapToDouble(SuiteDefinition.Case::weight).min().orElse(weights);
        double share = totalSeconds * smallest / weights;
        if (share < MIN_CASE_SECONDS) {
            throw B4jException.badInput("%s", String.format(Locale.ROOT, "--budget %.3gs cannot fit suite %s: "
                            + "%d cases would get %.3g s each at the least (at least %.0f s needed); "
                            + "give --budget %.0fs or more",
                    totalSeconds, suite.name(), suite.cases().size(), share, MIN_CASE_SECONDS,
                    Math.ceil(MIN_CASE_SECONDS * weights / smallest)));
        }
    }

    /** Builds every case's system and sampler once, so a bad suite fails before any work. */
    static void validate(SuiteDefinition suite) {
        for (SuiteDefinition.Case c : suite.cases()) {
            try {
                BoltzmannSystem<?> system = Systems.create(c.spec().system(), c.spec().systemOverrides());
                Samplers.create(c.spec().sampler(), system, c.spec().samplerOverrides());
                if (c.warmFrom() != null && Samplers.factory(c.spec().sampler()).parameters().stream()
                        .noneMatch(p -> p.name().equals(SuiteDefinition.WARM_KEY))) {
                    throw B4jException.badInput("warm_start needs a model-based sampler (one with sampler.%s); %s "
                            + "has none", SuiteDefinition.WARM_KEY, c.spec().sampler());
                }
            } catch (B4jException e) {
                throw B4jException.badInput("suite %s, case %s: %s", suite.name(), c.id(), e.getMessage());
            }
        }
    }
}
