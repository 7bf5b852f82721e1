package org.boltzmann4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file is replaced whole or not at all, and no temporary file stays behind. */
public class AtomicFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aFailedWriteLeavesTheOldFileAndNoDebris() throws IOException {
        Path file = tmp.resolve("results.json");
        AtomicFiles.writeString(file, "{\"old\": true}");
        B4jException e = assertThrows(B4jException.class, () -> AtomicFiles.write(file, temp -> {
            Files.writeString(temp, "{\"new\": tr");
            throw new IOException("disk full");
        }));
        assertEquals(B4jException.Kind.FAILURE, e.kind());
        assertEquals("{\"old\": true}", Files.readString(file));
        AtomicFiles.writeString(file, "{\"new\": true}");
        assertEquals("{\"new\": true}", Files.readString(file));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(1, s.count(), "only results.json");
        }
    }
}
