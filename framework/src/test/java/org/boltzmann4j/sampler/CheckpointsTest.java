package org.boltzmann4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Checkpointable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint file: its header decides whether a run may resume from it, and a damaged file is refused. */
class CheckpointsTest {

    @TempDir
    Path dir;

    private static final Map<String, String> ID = Map.of("version", "0.1.0", "--seed", "5", "L", "4");

    /** One long of state. */
    private static final class Counter implements Checkpointable {
        long value;

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeLong(value);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            value = in.readLong();
        }
    }

    private void write(Map<String, String> identity, long value) {
        Counter c = new Counter();
        c.value = value;
        Checkpoints.fresh(dir, identity, 60, n -> { }).write(c);
    }

    private B4jException refused(Map<String, String> identity) {
        B4jException e = assertThrows(B4jException.class, () -> Checkpoints.resume(dir, identity, 60, n -> { }));
        assertEquals(B4jException.Kind.BAD_INPUT, e.kind(), e.getMessage());
        return e;
    }

    @Test
    void resumesTheStateWrittenWithTheSameIdentity() throws Exception {
        write(ID, 123456789L);
        Counter c = new Counter();
        c.readState(Checkpoints.resume(dir, ID, 60, n -> { }).takeResumeState());
        assertEquals(123456789L, c.value);
    }

    @Test
    void refusesOtherParametersOrAnotherVersionNamingWhatDiffers() {
        write(ID, 1);
        String m = refused(Map.of("version", "0.1.0", "--seed", "6", "L", "4")).getMessage();
        assertTrue(m.contains("--seed 5 (now 6)") && !m.contains("L 4"), m);
        m = refused(Map.of("version", "0.2.0", "--seed", "5", "L", "4")).getMessage();
        assertTrue(m.contains("version 0.1.0 (now 0.2.0)"), m);
    }

    @Test
    void refusesATruncatedOrMissingCheckpoint() throws Exception {
        assertTrue(refused(ID).getMessage().contains("no checkpoint"));
        write(ID, 1);
        Path file = dir.resolve(Checkpoints.DIRECTORY).resolve(Checkpoints.FILE);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 5));
        assertTrue(refused(ID).getMessage().contains("truncated"));
    }
}
