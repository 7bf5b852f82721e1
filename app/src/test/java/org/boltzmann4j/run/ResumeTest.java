package org.boltzmann4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

import org.boltzmann4j.sampler.Checkpoints;
import org.boltzmann4j.sampler.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A --steps run stopped right after its k-th checkpoint (in warm-up, at the phase boundary, in
 * production) and resumed gives a results.json identical to the uninterrupted run's, wall times
 * excepted; for every sampler family on the cycle engine that checkpoints.
 */
public class ResumeTest {

    @TempDir
    Path tmp;

    /** Stands for a kill: an Error, which neither the runner nor a suite catches, so nothing more is written. */
    public static final class Killed extends Error {
        public Killed() {
            super("killed by the test", null, false, false);
        }
    }

    /** Stops the run right after checkpoint {@code k}; checkpoints after every cycle. */
    public static RunOptions killedAfter(int k) {
        IntConsumer hook = n -> {
            if (n == k) {
                throw new Killed();
            }
        };
        return new RunOptions(false, false, 0, hook);
    }

    static RunOptions resumed(int killAgainAfter) {
        return new RunOptions(false, true, 0, n -> {
            if (n == killAgainAfter) {
                throw new Killed();
            }
        });
    }

    static List<Object[]> families() {
        // local samplers, 40 steps: 8 warm-up sweeps (checkpoints 1..8), the phase boundary (9), production (10..41);
        // flow-mcmc, 40 cycles: 20 training cycles (1..20), the boundary (21), a frozen warm-up (22..23), its
        // boundary (24), production (25..42);
        // nmcmc and ncus on spins, 40 cycles: 20 training cycles (retrained on resume), production (1..20);
        // nmcmc on phi4-chain: its production's local warm-up (1..2), the boundary (3), production (4..21)
        List<String> flow = List.of("sampler.chains=4", "sampler.hidden=8", "sampler.couplings=2", "sampler.batch=16",
                "sampler.local_steps=2", "sampler.global_steps=2");
        List<String> mixed = new java.util.ArrayList<>(flow);
        mixed.add("sampler.objective=mixed");
        List<String> spins = List.of("L=4", "sampler.chains=3", "sampler.hidden=8", "sampler.batch=16");
        return List.of(
                new Object[] {"ising2d", "nmcmc", spins},
                new Object[] {"ising2d", "ncus", spins},
                new Object[] {"phi4-chain", "nmcmc", List.of("N=8", "sampler.chains=3", "sampler.hidden=8",
                        "sampler.couplings=2", "sampler.batch=16")},
                new Object[] {"double-well", "flow-mcmc", flow},
                new Object[] {"phi4-chain", "flow-mcmc", java.util.stream.Stream.concat(mixed.stream(),
                        java.util.stream.Stream.of("N=8")).toList()},
                new Object[] {"lj", "nmcmc", List.of("n=3", "dim=2", "sampler.model=eacf", "sampler.chains=3",
                        "sampler.hidden=8", "sampler.couplings=1", "sampler.batch=16")},
                new Object[] {"lj", "flow-mcmc", java.util.stream.Stream.concat(flow.stream(),
                        java.util.stream.Stream.of("n=3", "dim=2", "sampler.model=eacf")).toList()},
                new Object[] {"ising2d", "metropolis", List.of("L=6", "sampler.chains=3")},
                new Object[] {"lj", "metropolis", List.of("preset=lj7-2d", "beta=5", "sampler.chains=2")},
                new Object[] {"ising2d", "wolff", List.of("L=8", "sampler.chains=2")},
                new Object[] {"ising2d", "pt", List.of("L=4", "sampler.chains=2", "sampler.replicas=3")},
                new Object[] {"phi4-chain", "pt", List.of("N=8", "sampler.chains=2", "sampler.replicas=3",
                        "sampler.kernel=hmc", "sampler.leapfrog=3")},
                new Object[] {"phi4-chain", "mala", List.of("N=12", "sampler.chains=3")},
                new Object[] {"double-well", "hmc", List.of("sampler.chains=3", "sampler.leapfrog=4")});
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("families")
    void aResumedRunGivesTheNumbersOfAnUninterruptedOne(String system, String sampler, List<String> sets)
            throws Exception {
        RunSpec spec = RunSpec.parse(system, sampler, sets, 11, Double.POSITIVE_INFINITY, 40L);
        Path whole = tmp.resolve("whole");
        Runner.run(spec, whole, RunOptions.fresh(false), Progress.SILENT);
        JsonNode expected = numbers(whole);
        int[] kills = switch (sampler) {
            case "flow-mcmc" -> new int[] {7, 21, 22, 24, 30};
            case "nmcmc", "ncus" -> new int[] {2, 3, 15};
            default -> new int[] {3, 9, 25};
        };
        for (int k : kills) {
            Path dir = tmp.resolve("killed-" + k);
            assertThrows(Killed.class, () -> Runner.run(spec, dir, killedAfter(k), Progress.SILENT));
            assertFalse(Files.exists(dir.resolve(ResultsJson.FILE)), "a kill leaves no results.json");
            assertTrue(Checkpoints.exists(dir));
            Runner.run(spec, dir, resumed(-1), Progress.SILENT);
            assertEquals(expected, numbers(dir), "killed after checkpoint " + k);
            assertFalse(Checkpoints.exists(dir), "a finished run deletes its checkpoint");
        }
    }

    @Test
    void aRunKilledTwiceStillGivesTheSameNumbers() throws Exception {
        RunSpec spec = RunSpec.parse("phi4-chain", "pt", List.of("N=8", "sampler.chains=2", "sampler.replicas=3"), 4,
                Double.POSITIVE_INFINITY, 40L);
        Path whole = tmp.resolve("whole");
        Runner.run(spec, whole, RunOptions.fresh(false), Progress.SILENT);
        Path dir = tmp.resolve("twice");
        assertThrows(Killed.class, () -> Runner.run(spec, dir, killedAfter(5), Progress.SILENT));
        assertThrows(Killed.class, () -> Runner.run(spec, dir, resumed(10), Progress.SILENT)); // 15th checkpoint
        Runner.run(spec, dir, resumed(-1), Progress.SILENT);
        assertEquals(numbers(whole), numbers(dir));
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointStartsOverOnResume() throws Exception {
        RunSpec spec = RunSpec.parse("ising2d", "nmcmc", List.of("L=4", "sampler.chains=3", "sampler.hidden=8",
                "sampler.batch=16"), 2, Double.POSITIVE_INFINITY, 20L);
        Path whole = tmp.resolve("whole");
        Runner.run(spec, whole, RunOptions.fresh(false), Progress.SILENT);
        Path dir = tmp.resolve("in-training");
        Progress killing = (phase, fraction, steps, status) -> {
            throw new Killed(); // at the first cycle of training, which writes no checkpoint
        };
        assertThrows(Killed.class, () -> Runner.run(spec, dir, RunOptions.fresh(false), killing));
        assertTrue(Checkpoints.exists(dir), "the run's first file, without state");
        Runner.run(spec, dir, resumed(-1), Progress.SILENT);
        assertEquals(numbers(whole), numbers(dir));
    }

    @Test
    void aReaderNeverSeesAHalfWrittenCheckpoint() throws Exception {
        RunSpec spec = RunSpec.parse("ising2d", "metropolis", List.of("L=16", "sampler.chains=8"), 3,
                Double.POSITIVE_INFINITY, 300L);
        Path dir = tmp.resolve("read-while-written");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger whole = new AtomicInteger();
        AtomicReference<String> broken = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (running.get() && broken.get() == null) {
                if (Checkpoints.exists(dir)) {
                    try {
                        Checkpoints.savedIdentity(dir); // checks the trailer: the file is whole
                        whole.incrementAndGet();
                    } catch (RuntimeException e) {
                        if (Checkpoints.exists(dir)) { // not merely deleted as the run finished
                            broken.set(e.getMessage());
                        }
                    }
                }
            }
        });
        reader.start();
        try {
            Runner.run(spec, dir, new RunOptions(false, false, 0, n -> { }), Progress.SILENT); // 301 checkpoints
        } finally {
            running.set(false);
            reader.join();
        }
        assertEquals(null, broken.get());
        assertTrue(whole.get() > 0, "the reader saw no checkpoint");
    }

    /** results.json without what may differ between two runs of the same seed: wall times. */
    public static JsonNode numbers(Path dir) throws Exception {
        ObjectNode j = (ObjectNode) new ObjectMapper().readTree(dir.resolve(ResultsJson.FILE).toFile());
        j.remove("wall_seconds");
        ObjectNode details = (ObjectNode) j.path("details");
        for (Iterator<Map.Entry<String, JsonNode>> it = details.fields(); it.hasNext(); ) {
            if (it.next().getKey().endsWith("_seconds")) {
                it.remove();
            }
        }
        return j;
    }
}
