package org.boltzmann4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Every run ends with a results.json whose status says what happened, and error bars that are honest. */
public class RunStatusTest {

    @TempDir
    Path tmp;

    private static JsonNode results(Path dir) throws Exception {
        return new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    }

    @Test
    void aFailureAfterSamplingKeepsTheEstimates() throws Exception {
        Path out = tmp.resolve("plots-fail");
        // a non-empty directory where the profile plot goes: writing the plots fails after sampling
        Files.createDirectories(out.resolve("profile_x0.png").resolve("in-the-way"));
        CommandLineContractTest.Result r = CommandLineContractTest.run("run", "double-well", "--sampler", "mala",
                "--steps", "50", "--seed", "2", "--set", "sampler.chains=8", "--out", out.toString());
        assertEquals(1, r.status(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertTrue(r.err().strip().lines().reduce((a, b) -> b).orElseThrow().contains("plots failed"), r.err());
        JsonNode j = results(out);
        assertEquals("failed", j.path("status").asText());
        assertTrue(j.path("error").asText().contains("plots"), j.path("error").asText());
        assertTrue(j.path("observables").path("x0_positive").path("mean").isNumber(), j.toString());
    }

    @Test
    void aShortRunsErrorBarIsMarkedUntrustedAndCoversTheExactValue() throws Exception {
        Path out = tmp.resolve("short");
        CommandLineContractTest.Result r = CommandLineContractTest.run("run", "ising2d", "--sampler", "ncus",
                "--set", "L=4", "--steps", "5", "--seed", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode energy = results(out).path("observables").path("energy_per_site");
        assertFalse(energy.path("trusted").asBoolean(true), energy.toString());
        assertTrue(energy.path("untrusted_because").asText().contains("tau_int per chain"), energy.toString());
        assertTrue(Math.abs(energy.path("error_in_stderr").asDouble()) < 3, energy.toString());
        assertTrue(energy.path("ess").asDouble() <= energy.path("tau_int").asDouble() * energy.path("ess").asDouble());
    }

    @Test
    void sigtermWritesResultsMarkedInterrupted() throws Exception {
        Path out = tmp.resolve("term");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.awt.headless=true", Main.class.getName(), "run", "phi4-chain", "--sampler", "mala",
                "--set", "N=16", "--set", "sampler.chains=8", "--steps", "1000000000", "--out", out.toString()))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.isDirectory(out) && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(50);
            }
            Thread.sleep(1000); // sampling
            assertTrue(p.isAlive(), Files.readString(tmp.resolve("log")));
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running after SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        JsonNode j = results(out);
        assertEquals("interrupted", j.path("status").asText(), j.toString());
        assertTrue(j.path("observables").path("phi_mid").path("mean").isNumber(), j.toString());
        assertTrue(Files.exists(out.resolve("profile_phi_mid.csv")));
    }
}
