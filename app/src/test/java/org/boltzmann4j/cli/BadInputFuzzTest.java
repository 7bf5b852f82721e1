package org.boltzmann4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@link Main#execute} with generated bad command lines: a valid run with one or two of its
 * parts replaced by a bad one (unknown keys, out-of-range, malformed and wrongly typed values, empty
 * strings, missing options, bad paths), plus bad {@code bench}, {@code plot} and {@code suite} calls.
 * Each must exit 2 with one message line on stderr (picocli may add its "see --help" hint), no
 * exception name or stack frame, and leave no results.json.
 */
public class BadInputFuzzTest {

    @TempDir
    Path tmp;

    private static final List<String[]> BAD_SETS = List.of(
            new String[] {"--set", "nope=1"}, new String[] {"--set", "sampler.nope=1"},
            new String[] {"--set", "N=0"}, new String[] {"--set", "N=99999999"}, new String[] {"--set", "N=abc"},
            new String[] {"--set", "N=1.5"}, new String[] {"--set", "N="}, new String[] {"--set", "=3"},
            new String[] {"--set", "N"}, new String[] {"--set", ""}, new String[] {"--set", "beta=-1"},
            new String[] {"--set", "beta=NaN"}, new String[] {"--set", "beta=1e999"}, new String[] {"--set", "h=x"},
            new String[] {"--set", "sampler.chains=0"}, new String[] {"--set", "sampler.chains=2.5"},
            new String[] {"--set", "sampler.chains=99999999999"}, new String[] {"--set", "sampler.init=3"},
            new String[] {"--set", "sampler.step=-0.1"}, new String[] {"--set", "sampler.="},
            new String[] {"--seed", "abc"}, new String[] {"--seed", ""}, new String[] {"--steps", "0"},
            new String[] {"--steps", "-4"}, new String[] {"--steps", "many"}, new String[] {"--steps", ""},
            new String[] {"--budget", ""}, new String[] {"--budget", "-5s"}, new String[] {"--budget", "soon"},
            new String[] {"--budget", "0s"}, new String[] {"--frobnicate"}, new String[] {"--overwrite=maybe"});

    @Test
    void generatedBadRunsExitTwoWithOneClearLine() throws IOException {
        Random random = new Random(11);
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        for (int i = 0; i < 60; i++) {
            Path out = tmp.resolve("out" + i);
            List<String> args = new ArrayList<>(List.of("run", "phi4-chain", "--sampler", "mala", "--steps", "5"));
            int mutations = 1 + random.nextInt(2);
            for (int m = 0; m < mutations; m++) {
                args.addAll(Arrays.asList(BAD_SETS.get(random.nextInt(BAD_SETS.size()))));
            }
            args.addAll(List.of("--out", out.toString()));
            assertBadInput(args, out);
        }
        Path out = tmp.resolve("plain");
        String[][] structural = {
            {"run", "nope", "--sampler", "mala", "--steps", "5", "--out", out.toString()},
            {"run", "phi4-chain", "--sampler", "nope", "--steps", "5", "--out", out.toString()},
            {"run", "phi4-chain", "--sampler", "", "--steps", "5", "--out", out.toString()},
            {"run", "", "--sampler", "mala", "--steps", "5", "--out", out.toString()},
            {"run", "phi4-chain", "--steps", "5", "--out", out.toString()},
            {"run", "phi4-chain", "--sampler", "mala", "--steps", "5"},
            {"run", "phi4-chain", "--sampler", "mala", "--steps", "5", "--out", ""},
            {"run", "phi4-chain", "--sampler", "mala", "--steps", "5", "--out", file.toString()},
            {"run", "phi4-chain", "--sampler", "mala", "--steps", "5", "--out", file.resolve("sub").toString()},
            {"run"}, {"nope"}, {"bench", "nope"}, {"bench", "flow-step", "--set", "D=0"},
            {"bench", "flow-step", "--set", "dtype=int8"}, {"bench", "flow-step", "--set", "D"},
            {"bench", "flow-step", "--set", "D=65536", "--set", "H=16384", "--set", "batch=65536"},
            {"bench", "flow-sample", "--set", "batch=65536", "--set", "D=65536"},
            {"plot", tmp.resolve("missing").toString()}, {"plot", ""},
            {"suite", "nope", "--out", out.toString()}, {"suite", "quick", "--budget", "1ms", "--out", out.toString()},
            {"suite", "quick", "--out", ""}, {"notebook", tmp.resolve("missing.ipynb").toString()},
        };
        for (String[] args : structural) {
            assertBadInput(Arrays.asList(args), out);
        }
    }

    /** The lattice's bad couplings (L < 2, λ < 0, and λ = 0 with m² ≤ 0, which has no minimum), named in the line. */
    @Test
    void phi4LatticeWithoutAMinimumIsBadInput() throws IOException {
        Path out = tmp.resolve("lattice");
        String[][] cases = { // the --set values, then what the line must say
            {"L=1", "L=1", "[2, 1024]"}, {"lambda=-1", "lambda=-1", "[0, 1e+06]"},
            {"lambda=0 m2=0", "m2 = 0.0", "no minimum"}, {"lambda=0", "m2 = -4.0", "no minimum"},
            {"lambda=0 m2=-1", "m2 = -1.0", "no minimum"}};
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("run", "phi4-lattice", "--sampler", "hmc", "--steps", "5"));
            for (String set : c[0].split(" ")) {
                args.addAll(List.of("--set", set));
            }
            args.addAll(List.of("--out", out.toString()));
            assertBadInput(args, out);
            String err = CommandLineContractTest.run(args.toArray(String[]::new)).err();
            assertTrue(err.contains(c[1]) && err.contains(c[2]), err);
        }
    }

    @Test
    void aCorruptResultsJsonIsBadInputForPlot() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("corrupt"));
        for (String text : new String[] {"", "{\"schema\": \"b4j-res", "[1, 2]", "{\"system\": 3}", "\u0000\u0001"}) {
            Files.writeString(run.resolve("results.json"), text);
            assertBadInput(List.of("plot", run.toString()), tmp.resolve("none"));
        }
    }

    static void assertBadInput(List<String> args, Path out) throws IOException {
        CommandLineContractTest.Result r = CommandLineContractTest.run(args.toArray(String[]::new));
        String what = String.join(" ", args) + " -> " + r.err();
        assertEquals(2, r.status(), what);
        List<String> lines = r.err().lines().filter(l -> !l.matches("b4j: see '.*--help'")).toList();
        assertEquals(1, lines.size(), what);
        assertTrue(lines.get(0).startsWith("b4j: "), what);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat ") || r.err().contains("java."), what);
        if (Files.isDirectory(out)) {
            try (Stream<Path> files = Files.walk(out)) {
                assertFalse(files.anyMatch(p -> p.endsWith("results.json")), "results.json left by " + what);
            }
        }
    }
}
