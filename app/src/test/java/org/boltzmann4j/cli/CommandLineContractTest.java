package org.boltzmann4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The command line as other people's checks drive it: exit codes, messages, results.json layout. */
public class CommandLineContractTest {

    @TempDir
    Path tmp;

    public record Result(int status, String out, String err) {
    }

    public static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            int status = Main.execute(args);
            return new Result(status, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static void assertBadInput(Result r, String... fragments) {
        assertEquals(2, r.status(), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "stderr lacks '" + f + "': " + r.err());
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "stack trace on stderr: " + r.err());
    }

    @Test
    void badInputGivesOneClearLineAndStatusTwo() {
        String out = tmp.resolve("x").toString();
        assertBadInput(run("run", "nope", "--sampler", "mala", "--out", out), "unknown system 'nope'");
        assertBadInput(run("run", "phi4-chain", "--sampler", "nope", "--out", out), "unknown sampler 'nope'");
        assertBadInput(run("run", "phi4-chain", "--sampler", "mala", "--set", "hh=1", "--out", out), "unknown key 'hh'");
        assertBadInput(run("run", "phi4-chain", "--sampler", "mala", "--set", "N=0", "--out", out), "N=0", "[2, 4096]");
        assertBadInput(run("run", "phi4-chain", "--sampler", "mala", "--set", "sampler.chains=-3", "--out", out),
                "chains=-3");
        assertBadInput(run("run", "phi4-chain", "--sampler", "mala", "--set", "sampler.init=both", "--out", out),
                "init=both", "one of modes, one-mode");
        assertBadInput(run("run", "phi4-chain", "--sampler", "mala", "--budget", "soon", "--out", out), "--budget soon");
        assertBadInput(run("run", "phi4-chain", "--out", out), "--sampler");
        assertBadInput(run("bench", "nope"), "unknown benchmark 'nope'");
        assertBadInput(run("run", "ising2d", "--sampler", "wolff", "--set", "h=0.1", "--out", out), "wolff needs h = 0");
        assertBadInput(run("run", "ising2d", "--sampler", "nmcmc", "--set", "h=0.1", "--set",
                "sampler.spin_kernel=wolff", "--out", out), "spin_kernel=wolff does not fit", "needs h = 0");
        assertBadInput(run("run", "ising2d", "--sampler", "metropolis", "--set", "L=1", "--out", out), "L=1");
        assertBadInput(run("run", "phi4-lattice", "--sampler", "ti", "--set", "sampler.path=mu:0", "--out", out),
                "sampler.path=mu:0", "no parameter mu");
        assertBadInput(run("run", "ising2d", "--sampler", "ti", "--set", "sampler.nodes=8", "--out", out),
                "sampler.nodes=8", "4k + 1");
        assertBadInput(run("run", "ising2d", "--sampler", "ti", "--set", "h=0.1", "--set", "sampler.kernel=wolff",
                "--out", out), "sampler.kernel=wolff does not fit", "needs h = 0");
        assertBadInput(run("run", "ising2d", "--sampler", "nis", "--set", "sampler.ais_steps=4", "--set",
                "sampler.ais_kernel=hmc", "--out", out), "sampler.ais_kernel=hmc does not fit", "continuous");
        assertBadInput(run("run", "lj", "--set", "preset=lj13", "--sampler", "nis", "--set", "sampler.model=eacf",
                "--set", "sampler.ais_steps=4", "--out", out), "ais_steps=4", "model=eacf");
        assertBadInput(run("run", "ising2d", "--sampler", "nis", "--set", "L=512", "--out", out), "GiB",
                "use a smaller lattice");
        assertBadInput(run("run", "ising2d", "--sampler", "nis", "--set", "L=512", "--set", "sampler.model=han",
                "--out", out), "GiB", "model=han", "a smaller batch");
        assertBadInput(run("run", "ising2d", "--sampler", "nis", "--set", "L=512", "--set", "sampler.model=pixelcnn",
                "--out", out), "GiB", "model=pixelcnn", "a smaller batch");
        assertBadInput(run("run", "ising2d", "--sampler", "flow-mcmc", "--out", out), "continuous system");
        assertBadInput(run("run", "ising2d", "--sampler", "umbrella", "--out", out), "sampler umbrella", "ising2d",
                "not a continuous system", "use metropolis");
        assertBadInput(run("run", "double-well", "--sampler", "umbrella", "--set", "sampler.kernel=wolff", "--out", out),
                "kernel=wolff", "metropolis, mala, hmc");
        assertBadInput(run("run", "ising2d", "--sampler", "nis", "--set", "sampler.model=realnvp", "--out", out),
                "sampler nis", "model=realnvp", "ising2d", "model=made or model=pixelcnn");
        assertBadInput(run("run", "phi4-chain", "--sampler", "nmcmc", "--set", "sampler.model=pixelcnn", "--out", out),
                "sampler nmcmc", "model=pixelcnn", "phi4-chain", "model=realnvp");
        assertFalse(Files.exists(tmp.resolve("x").resolve("results.json")), "bad input must not leave results");
    }

    @Test
    void aRunWritesTheContractResultsLayout() throws Exception {
        Path out = tmp.resolve("run");
        Result r = run("run", "double-well", "--sampler", "mala", "--steps", "400", "--seed", "3",
                "--set", "sampler.chains=32", "--set", "barrier=2", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("b4j-results/1", j.path("schema").asText());
        assertEquals("double-well", j.path("system").path("name").asText());
        assertEquals(2.0, j.path("system").path("params").path("barrier").asDouble());
        assertEquals(32, j.path("sampler").path("params").path("chains").asInt());
        assertEquals(3, j.path("seed").asInt());
        assertTrue(j.path("wall_seconds").asDouble() > 0);
        assertTrue(j.path("energy_evaluations").asLong() > 0);
        JsonNode p = j.path("observables").path("x0_positive");
        for (String key : new String[] {"mean", "stderr", "tau_int", "ess"}) {
            assertTrue(p.path(key).isNumber(), key + " missing: " + p);
        }
        assertTrue(j.has("ln_z") && j.path("ln_z").isNull(), "mala cannot estimate ln Z");
        assertTrue(j.path("acceptance").path("local").isNumber());
        assertFalse(j.path("acceptance").has("global"), "absent kernels are omitted");
        assertEquals("x0", j.path("transitions").path("order_parameter").asText());
        assertTrue(Files.readString(out.resolve("profile_x0.csv")).startsWith("x,free_energy,stderr\n"));
        assertTrue(Files.size(out.resolve("profile_x0.png")) > 1000);

        Result again = run("run", "double-well", "--sampler", "mala", "--steps", "10", "--out", out.toString());
        assertBadInput(again, "--overwrite");
        assertEquals(0, run("plot", out.toString()).status());
    }

    @Test
    void twoOrderParametersGiveTheSurfaceAndTheStatesWeights() throws Exception {
        Path out = tmp.resolve("lj7");
        Result r = run("run", "lj", "--set", "preset=lj7-2d", "--set", "beta=5", "--sampler", "metropolis",
                "--steps", "3000", "--seed", "1", "--set", "sampler.chains=8", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        JsonNode states = j.path("metastable_states").path("states");
        assertEquals(4, states.size(), "the four isomers");
        assertTrue(j.path("metastable_states").path("label_assignment").asText().contains("isomer"),
                "weights of the isomer a quench reaches: " + j.path("metastable_states"));
        double sum = 0;
        for (JsonNode s : states) {
            assertTrue(s.path("mu2").isNumber() && s.path("mu3").isNumber(), s.toString());
            sum += s.path("weight").path("mean").asDouble();
            assertTrue(s.path("weight_by_label").path("mean").isNumber(), s.toString());
        }
        assertEquals(1, sum, 1e-9);
        assertTrue(j.path("metastable_states").path("transitions").path("mfpt").has("G_to_O"));
        assertTrue(Files.readString(out.resolve("free_energy_mu2_mu3.csv")).startsWith("mu2,mu3,free_energy,stderr\n"));
        assertTrue(Files.readString(out.resolve("metastable_states.csv")).startsWith("state,mu2,mu3,weight,stderr\n"));
        Files.delete(out.resolve("free_energy_mu2_mu3.png"));
        assertEquals(0, run("plot", out.toString()).status());
        assertTrue(Files.size(out.resolve("free_energy_mu2_mu3.png")) > 1000, "redrawn by b4j plot");
    }

    @Test
    void anUmbrellaRunWritesItsProfileAndTheFreeEnergyDifference() throws Exception {
        Path out = tmp.resolve("umbrella");
        Result r = run("run", "double-well", "--sampler", "umbrella", "--steps", "6000", "--seed", "2",
                "--set", "sampler.windows=12", "--set", "sampler.chains=4", "--set", "barrier=2", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("umbrella", j.path("sampler").path("name").asText());
        assertTrue(j.has("ln_z") && j.path("ln_z").isNull());
        JsonNode d = j.path("free_energy_difference");
        assertTrue(d.path("estimate").isNumber() && d.path("stderr").isNumber() && d.path("exact").isNumber(), d.toString());
        assertEquals(2 * 12, j.path("diagnostics").path("neighbour_overlap").size() + 1); // 12 centres, both ways
        assertTrue(j.path("diagnostics").has("free_energy_difference_by_pass"));
        assertTrue(j.path("observables").path("x0_positive").path("stderr").isNumber());
        assertFalse(j.has("transitions"), "biased windows have no transitions to report");
        assertTrue(Files.readString(out.resolve("profile_x0.csv")).startsWith("x,free_energy,stderr\n"));
    }

    @Test
    void aDivergingModelFailsWithStatusOneAndKeepsWhatWasRun() throws Exception {
        Path out = tmp.resolve("diverge");
        Result r = run("run", "double-well", "--sampler", "flow-mcmc", "--set", "sampler.lr=1", "--set",
                "sampler.chains=64", "--steps", "300", "--out", out.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("diverged"), r.err());
        assertFalse(r.err().contains("\tat "), "stack trace on stderr: " + r.err());
        JsonNode j = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("failed", j.path("status").asText());
        assertTrue(j.path("error").asText().contains("diverged"));
        assertEquals(1.0, j.path("sampler").path("params").path("lr").asDouble());
    }

    @Test
    void theSameSeedGivesTheSameNumbers() throws Exception {
        String[] args = {"run", "double-well", "--sampler", "hmc", "--steps", "200", "--seed", "5",
                "--set", "sampler.chains=16", "--out"};
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(0, run(concat(args, a.toString())).status());
        assertEquals(0, run(concat(args, b.toString())).status());
        ObjectMapper m = new ObjectMapper();
        assertEquals(m.readTree(a.resolve("results.json").toFile()).path("observables"),
                m.readTree(b.resolve("results.json").toFile()).path("observables"));
    }

    static String[] concat(String[] a, String b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = b;
        return r;
    }
}
