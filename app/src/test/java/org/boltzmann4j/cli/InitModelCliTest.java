package org.boltzmann4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code --set sampler.init_model=DIR} through the command line: reuse as saved, and exit 2 for a model that does not fit. */
class InitModelCliTest {

    @TempDir
    static Path tmp;

    private static Path flow;
    private static Path spins;

    @BeforeAll
    static void trainTwoModels() {
        flow = tmp.resolve("flow");
        spins = tmp.resolve("spins");
        assertEquals(0, run("phi4-chain", "flow-mcmc", flow, "N=8", "sampler.chains=16", "sampler.hidden=8",
                "sampler.batch=64").status());
        assertEquals(0, run("ising2d", "nis", spins, "L=4", "sampler.hidden=8", "sampler.samples=1000").status());
    }

    private static CommandLineContractTest.Result run(String system, String sampler, Path out, String... sets) {
        List<String> args = new ArrayList<>(List.of("run", system, "--sampler", sampler, "--steps", "20", "--out",
                out.toString()));
        for (String s : sets) {
            args.addAll(List.of("--set", s));
        }
        return CommandLineContractTest.run(args.toArray(String[]::new));
    }

    @Test
    void aSavedFlowIsSampledAsSavedAndRecorded() throws IOException {
        Path out = tmp.resolve("reused");
        CommandLineContractTest.Result r = run("phi4-chain", "flow-mcmc", out, "N=8", "sampler.chains=16",
                "sampler.init_model=" + flow, "sampler.train_fraction=0");
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(Files.readAllBytes(flow.resolve("model/realnvp.bin")),
                Files.readAllBytes(out.resolve("model/realnvp.bin")));
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(flow.toAbsolutePath().normalize().toString(),
                results.path("sampler").path("params").path("init_model").asText());
        assertTrue(results.path("details").path("training_cycles").asLong(-1) <= 0, results.path("details").toString());
    }

    @Test
    void aFlowTrainedByOneSamplerServesAnother() throws IOException {
        Path out = tmp.resolve("nis");
        CommandLineContractTest.Result r = run("phi4-chain", "nis", out, "N=8", "sampler.samples=2000",
                "sampler.init_model=" + flow.resolve("model"), "sampler.train_fraction=0");
        assertEquals(0, r.status(), r.err());
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("realnvp", results.path("details").path("model").asText());
        assertEquals(0, results.path("details").path("training_steps").asLong(-1));
        assertTrue(results.path("ln_z").path("estimate").isNumber(), results.toString());
    }

    @Test
    void modelsThatDoNotFitExitTwoWithOneLine() throws IOException {
        Path corrupt = Files.createDirectories(tmp.resolve("corrupt/model"));
        byte[] bytes = Files.readAllBytes(flow.resolve("model/realnvp.bin"));
        Files.write(corrupt.resolve("realnvp.bin"), Arrays.copyOf(bytes, bytes.length - 8));
        String[][] bad = {
            {"phi4-chain", "flow-mcmc", "N=16", "sampler.init_model=" + flow},
            {"phi4-chain", "nis", "N=8", "sampler.model=made", "sampler.init_model=" + flow},
            {"phi4-chain", "nmcmc", "N=8", "sampler.init_model=" + spins},
            {"ising2d", "ncus", "L=4", "sampler.init_model=" + flow},
            {"ising2d", "nmcmc", "L=8", "sampler.init_model=" + spins},
            {"ising2d", "ncus", "L=4", "sampler.model=pixelcnn", "sampler.init_model=" + spins},
            {"phi4-chain", "flow-mcmc", "N=8", "sampler.init_model=" + tmp.resolve("missing")},
            {"phi4-chain", "flow-mcmc", "N=8", "sampler.init_model=" + corrupt.getParent()},
        };
        for (String[] b : bad) {
            Path out = tmp.resolve("bad");
            List<String> args = new ArrayList<>(List.of("run", b[0], "--sampler", b[1], "--steps", "5", "--out",
                    out.toString()));
            for (String s : Arrays.copyOfRange(b, 2, b.length)) {
                args.addAll(List.of("--set", s));
            }
            BadInputFuzzTest.assertBadInput(args, out);
        }
    }
}
