package org.boltzmann4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.boltzmann4j.run.ResumeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code run --resume} from the command line: after a real kill -9, and its bad input. */
public class ResumeCommandTest {

    @TempDir
    Path tmp;

    private static final List<String> RUN = List.of("run", "phi4-chain", "--sampler", "mala", "--set", "N=16",
            "--set", "sampler.chains=8", "--steps", "20000", "--seed", "7");

    private static String[] args(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aRunKilledWithSigkillResumesToTheNumbersOfAnUninterruptedOne() throws Exception {
        Path killed = tmp.resolve("killed");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                Main.class.getName()));
        command.addAll(List.of(args(RUN, "--out", killed.toString(), "--checkpoint-every", "100ms")));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile())
                .start();
        Path checkpoint = killed.resolve("checkpoint").resolve("state.bin");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (stateBytes(checkpoint) < 2000 && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(20); // the first file, written at the start, holds no state yet
            }
            Thread.sleep(new Random(3).nextInt(600)); // a moment after a checkpoint, while sampling
            assertTrue(p.isAlive(), "the run ended before the kill: " + Files.readString(tmp.resolve("log")));
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertFalse(Files.exists(killed.resolve("results.json")), "killed while sampling");
        CommandLineContractTest.Result resumed = CommandLineContractTest.run(args(RUN, "--out", killed.toString(),
                "--resume"));
        assertEquals(0, resumed.status(), resumed.err());
        Path whole = tmp.resolve("whole");
        CommandLineContractTest.Result r = CommandLineContractTest.run(args(RUN, "--out", whole.toString()));
        assertEquals(0, r.status(), r.err());
        assertEquals(ResumeTest.numbers(whole), ResumeTest.numbers(killed));
        assertFalse(Files.exists(killed.resolve("checkpoint")), "the checkpoint is deleted once the run finished");
        try (var files = Files.list(killed)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".b4j-tmp")), "debris of the kill removed");
        }
    }

    private static long stateBytes(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException absentOrReplaced) {
            return 0;
        }
    }

    private static void assertBadInput(CommandLineContractTest.Result r, String... mentions) {
        assertEquals(2, r.status(), r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        for (String m : mentions) {
            assertTrue(err.contains(m), err);
        }
    }

    @Test
    void resumeRefusesWhatItCannotContinue() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertBadInput(CommandLineContractTest.run(args(RUN, "--out", empty.toString(), "--resume")),
                "no checkpoint");
        assertBadInput(CommandLineContractTest.run(args(RUN, "--out", tmp.resolve("absent").toString(), "--resume")),
                "not a directory");
        assertBadInput(CommandLineContractTest.run(args(RUN, "--out", empty.toString(), "--resume", "--overwrite")),
                "--resume and --overwrite");
        assertBadInput(CommandLineContractTest.run("run", "double-well", "--sampler", "nis", "--steps", "5",
                "--out", empty.toString(), "--resume"), "nis writes no checkpoints");
        assertBadInput(CommandLineContractTest.run(args(RUN, "--out", empty.toString(), "--checkpoint-every", "-1s")),
                "--checkpoint-every");
        assertBadInput(CommandLineContractTest.run("suite", "quick", "--out", empty.toString(), "--resume"),
                "holds an interrupted suite");
        Path finished = tmp.resolve("finished");
        List<String> small = List.of("run", "ising2d", "--sampler", "metropolis", "--set", "L=4", "--steps", "20",
                "--set", "sampler.chains=2", "--seed", "5", "--out", finished.toString());
        assertEquals(0, CommandLineContractTest.run(small.toArray(String[]::new)).status());
        assertBadInput(CommandLineContractTest.run(args(small, "--resume")), "finished run");
    }

    @Test
    void resumeWithOtherArgumentsNamesWhatDiffers() throws Exception {
        Path dir = tmp.resolve("other");
        List<String> small = List.of("run", "ising2d", "--sampler", "metropolis", "--set", "L=4", "--steps", "400",
                "--set", "sampler.chains=2", "--seed", "5", "--out", dir.toString());
        // a checkpoint as a kill leaves it: every cycle checkpoints, the last one stays when the directory is kept
        org.boltzmann4j.run.RunSpec spec = org.boltzmann4j.run.RunSpec.parse("ising2d", "metropolis",
                List.of("L=4", "sampler.chains=2"), 5, Double.POSITIVE_INFINITY, 400L);
        try {
            org.boltzmann4j.run.Runner.run(spec, dir, ResumeTest.killedAfter(3), org.boltzmann4j.sampler.Progress.SILENT);
        } catch (Error killed) {
            // the simulated kill
        }
        List<String> otherSeed = new ArrayList<>(small);
        otherSeed.set(otherSeed.indexOf("5"), "6");
        assertBadInput(CommandLineContractTest.run(args(otherSeed, "--resume")), "--seed 5 (now 6)");
        assertBadInput(CommandLineContractTest.run(args(small, "--set", "L=6", "--resume")), "L 4 (now 6)");
        assertBadInput(CommandLineContractTest.run(small.toArray(String[]::new)), "--resume");
        assertEquals(0, CommandLineContractTest.run(args(small, "--resume")).status());
        assertTrue(new ObjectMapper().readTree(dir.resolve("results.json").toFile()).path("status").asText()
                .equals("ok"));
    }
}
