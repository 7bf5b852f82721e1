package org.boltzmann4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.boltzmann4j.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small {@code --steps}-bounded suite on the local engine and on Spark {@code local[2]}: the same
 * cases, the same files, and results.json numbers identical to the last digit (seeds fix each case
 * whatever runs it; a warm-start chain runs in one task, each case from its predecessor's model);
 * wall-clock fields excepted.
 */
class SparkEngineTest {

    static final String SUITE = """
            name: engines
            description: local sampler families on three systems, bounded by steps
            budget: 2m
            cases:
              - system: phi4-chain
                params: {N: 16, h: [0, 0.05]}
                sampler: mala
                sampler_params: {chains: 8}
                steps: 400
              - system: ising2d
                params: {L: 6}
                samplers: [wolff, metropolis]
                steps: 400
              - system: double-well
                sampler: pt
                steps: 300
              - system: phi4-chain
                params: {N: 16, h: [0, 0.05]}
                sampler: flow-mcmc
                sampler_params: {chains: 16, hidden: 8, couplings: 2}
                steps: 40
                warm_start: true
            """;

    @TempDir
    static Path tmp;
    static Run local;
    static Run spark;

    record Run(int status, String err, Path out) {
    }

    @BeforeAll
    static void runBoth() throws Exception {
        Path file = tmp.resolve("engines.yaml");
        Files.writeString(file, SUITE);
        local = suite(file, "local", "--out", tmp.resolve("local").toString());
        spark = suite(file, "spark", "--engine", "spark", "--master", "local[2]", "--out",
                tmp.resolve("spark").toString());
    }

    static Run suite(Path file, String name, String... options) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true));
            String[] args = Stream.concat(Stream.of("suite", file.toString()), Stream.of(options)).toArray(String[]::new);
            int status = Main.execute(args);
            return new Run(status, err.toString(), tmp.resolve(name));
        } finally {
            System.setErr(oldErr);
        }
    }

    @Test
    void sparkRunsEveryCaseAndWritesTheSuite() {
        assertEquals(0, local.status(), local.err());
        assertEquals(0, spark.status(), spark.err());
        assertTrue(spark.err().contains("7 cases on Spark local[2], 2 at a time"), spark.err());
        assertTrue(Files.isRegularFile(spark.out().resolve("summary.csv")));
        assertTrue(Files.isRegularFile(spark.out().resolve("report.html")));
    }

    @Test
    void everyCaseHasTheSameFilesAndIdenticalNumbers() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Path> cases;
        try (Stream<Path> s = Files.list(local.out().resolve("runs"))) {
            cases = s.sorted().toList();
        }
        assertEquals(7, cases.size());
        for (Path c : cases) {
            Path other = spark.out().resolve("runs").resolve(c.getFileName());
            assertEquals(names(c), names(other), c.getFileName().toString());
            JsonNode a = json.readTree(c.resolve("results.json").toFile());
            JsonNode b = json.readTree(other.resolve("results.json").toFile());
            for (String field : List.of("observables", "ln_z", "acceptance", "transitions", "energy_evaluations",
                    "production_steps", "system", "seed")) {
                assertEquals(a.get(field), b.get(field), c.getFileName() + ": " + field);
            }
            assertFalse(a.path("observables").isEmpty(), c.getFileName().toString());
            assertEquals(a.path("sampler").path("params").path("init_model").asText("").isEmpty(),
                    b.path("sampler").path("params").path("init_model").asText("").isEmpty(), c.getFileName() + ": warm");
            assertEquals(Files.readString(c.resolve("profile_" + a.path("transitions").path("order_parameter")
                    .asText("x") + ".csv")), Files.readString(other.resolve("profile_" + a.path("transitions")
                    .path("order_parameter").asText("x") + ".csv")), c.getFileName().toString());
        }
    }

    @Test
    void anUnknownMasterIsOneClearLine() throws Exception {
        Path file = tmp.resolve("engines.yaml");
        Run bad = suite(file, "bad", "--engine", "spark", "--master", "nowhere://x", "--out",
                tmp.resolve("bad").toString());
        assertEquals(2, bad.status(), bad.err());
        assertTrue(bad.err().contains("cannot start Spark with master nowhere://x"), bad.err());
        assertFalse(bad.err().contains("\tat "), bad.err());
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
