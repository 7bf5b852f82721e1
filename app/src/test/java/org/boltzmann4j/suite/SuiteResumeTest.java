package org.boltzmann4j.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.boltzmann4j.run.ResumeTest;
import org.boltzmann4j.run.RunOptions;
import org.boltzmann4j.sampler.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A suite killed in its second case resumes: the first is kept, the second resumes, the third runs. */
class SuiteResumeTest {

    static final String SUITE = """
            name: resumable
            budget: 60s
            cases:
              - system: ising2d
                params: {L: 4}
                sampler: metropolis
                sampler_params: {chains: 2}
                steps: 30
              - system: phi4-chain
                params: {N: 8}
                samplers: [mala, hmc]
                sampler_params: {chains: 2}
                steps: 30
            """;

    @TempDir
    Path tmp;

    @Test
    void aKilledSuiteResumesToTheSameNumbers() throws Exception {
        Path file = tmp.resolve("resumable.yaml");
        Files.writeString(file, SUITE);
        SuiteDefinition suite = Suites.load(file.toString());
        assertEquals(3, suite.cases().size());
        Path whole = tmp.resolve("whole");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        SuiteRunner.run(suite, Double.NaN, whole, RunOptions.fresh(false), "local", null, Progress.SILENT, quiet);

        Path killed = tmp.resolve("killed");
        AtomicInteger checkpoints = new AtomicInteger();
        // case 1 writes 31 checkpoints (6 warm-up, boundary, 24 production): the kill falls in case 2's production
        RunOptions killing = new RunOptions(false, false, 0, n -> {
            if (checkpoints.incrementAndGet() == 31 + 12) {
                throw new ResumeTest.Killed();
            }
        });
        assertThrows(ResumeTest.Killed.class, () -> SuiteRunner.run(suite, Double.NaN, killed, killing,
                "local", null, Progress.SILENT, quiet));
        List<Path> cases = cases(killed);
        assertEquals(2, cases.size(), "the third case never started: " + cases);
        Path first = cases.get(0);
        byte[] firstResults = Files.readAllBytes(first.resolve("results.json"));

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<SuiteRunner.CaseResult> results = SuiteRunner.run(suite, Double.NaN, killed,
                new RunOptions(false, true, 0, n -> { }), "local", null, Progress.SILENT, new PrintStream(log, true));
        assertEquals(3, results.size());
        assertTrue(results.stream().allMatch(r -> r.error() == null), results.toString());
        String text = log.toString();
        assertTrue(text.contains("finished earlier: kept") && text.contains("resumed"), text);
        assertArrayEquals(firstResults, Files.readAllBytes(first.resolve("results.json")), "the finished case is kept");
        List<Path> expected = cases(whole);
        List<Path> actual = cases(killed);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(withoutBudget(expected.get(i)), withoutBudget(actual.get(i)), actual.get(i).toString());
        }
        assertEquals(numbers(whole.resolve("summary.csv")), numbers(killed.resolve("summary.csv")));
        assertFalse(Files.exists(killed.resolve("runs").resolve(actual.get(1).getFileName()).resolve("checkpoint")));
    }

    /** A case's numbers; its budget is a share of the suite's wall-clock time, which differs between suites. */
    private static JsonNode withoutBudget(Path dir) throws Exception {
        ObjectNode j = (ObjectNode) ResumeTest.numbers(dir);
        j.remove("budget");
        return j;
    }

    private static List<Path> cases(Path suiteDir) throws Exception {
        try (var s = Files.list(suiteDir.resolve("runs"))) {
            return s.sorted().toList();
        }
    }

    /** summary.csv without the columns that hold wall times. */
    private static List<List<String>> numbers(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                String h = i < header.size() ? header.get(i) : "";
                if (!h.equals("wall_seconds") && !h.endsWith("_ess_per_s")) {
                    kept.add(cells[i]);
                }
            }
            rows.add(kept);
        }
        return rows;
    }
}
