package org.boltzmann4j.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.cli.CommandLineContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code warm_start}: each point of a case's grid starts from its neighbour's saved model. */
class WarmStartSuiteTest {

    @TempDir
    Path tmp;

    @Test
    void casesChainAlongTheGridOnePerSamplerAndSeed() {
        SuiteDefinition suite = SuiteDefinition.fromTree(Map.of("name", "w", "cases", List.of(Map.of(
                "system", "phi4-chain", "params", Map.of("h", List.of(0, 0.05, 0.1)), "sampler", "flow-mcmc",
                "seeds", List.of(1, 2), "warm_start", true))), "w");
        List<SuiteDefinition.Case> cases = suite.cases();
        assertEquals(6, cases.size());
        assertNull(cases.get(0).warmFrom());
        assertNull(cases.get(1).warmFrom());
        for (int i = 2; i < 6; i++) {
            assertEquals(cases.get(i - 2).id(), cases.get(i).warmFrom(), "same seed, previous h");
            assertEquals(cases.get(i - 2).spec().seed(), cases.get(i).spec().seed());
        }
    }

    @Test
    void aWarmCaseStartsFromItsNeighboursModel() throws Exception {
        Path file = tmp.resolve("warm.yaml");
        Files.writeString(file, """
                name: warm
                cases:
                  - system: phi4-chain
                    params: {N: 8, h: [0, 0.05]}
                    sampler: flow-mcmc
                    sampler_params: {chains: 16, hidden: 8, batch: 64}
                    steps: 20
                    warm_start: true
                """);
        Path out = tmp.resolve("out");
        CommandLineContractTest.Result r = CommandLineContractTest.run("suite", file.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<Path> runs;
        try (var list = Files.list(out.resolve("runs"))) {
            runs = list.sorted().toList();
        }
        assertEquals(2, runs.size());
        ObjectMapper json = new ObjectMapper();
        assertEquals("", json.readTree(runs.get(0).resolve("results.json").toFile())
                .path("sampler").path("params").path("init_model").asText());
        assertEquals(runs.get(0).resolve("model").toAbsolutePath().normalize().toString(),
                json.readTree(runs.get(1).resolve("results.json").toFile())
                        .path("sampler").path("params").path("init_model").asText());
        assertTrue(r.err().contains("warm start from " + runs.get(0).getFileName()), r.err());
    }

    @Test
    void warmStartNeedsAModelBasedSamplerAndABoolean() throws Exception {
        for (String bad : List.of("sampler: mala\n    warm_start: true", "sampler: nmcmc\n    warm_start: maybe")) {
            Path file = Files.writeString(tmp.resolve("bad.yaml"), "name: bad\ncases:\n  - system: double-well\n"
                    + "    params: {barrier: [2, 3]}\n    " + bad + "\n");
            CommandLineContractTest.Result r = CommandLineContractTest.run("suite", file.toString(), "--out",
                    tmp.resolve("bad-out").toString());
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().contains("warm_start"), r.err());
            assertEquals(1, Arrays.stream(r.err().split("\n")).filter(l -> !l.isBlank()).count(), r.err());
        }
    }
}
