package org.boltzmann4j.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files written whole or not at all: the content goes to a temporary file in the same directory,
 * which is then renamed over the target ({@link StandardCopyOption#ATOMIC_MOVE}), so a reader never
 * sees a truncated file. Temporary files end in {@link #TEMP_SUFFIX}.
 */
public final class AtomicFiles {

    /** Suffix of the temporary files; one left behind by a killed process is debris of b4j's own. */
    public static final String TEMP_SUFFIX = ".b4j-tmp";

    /** Writes the content of a file to the path it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code file} atomically; a failure leaves the previous file (if any) untouched. */
    public static void write(Path file, Content content) {
        Path temp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + TEMP_SUFFIX);
        try {
            content.writeTo(temp);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot write %s: %s", file, e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temporary file is debris that the next --overwrite clears
            }
        }
    }

    /** Writes a UTF-8 text file atomically. */
    public static void writeString(Path file, String text) {
        write(file, temp -> Files.writeString(temp, text, StandardCharsets.UTF_8));
    }
}
