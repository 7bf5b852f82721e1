package org.boltzmann4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.boltzmann4j.core.B4jException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --overwrite deletes what b4j wrote, keeps everything else, and refuses without it. */
public class OutputDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void overwritingARunDeletesExactlyWhatARunWrites() throws IOException {
        Path dir = tmp.resolve("run");
        List<String> ours = List.of("results.json", "model/flow/weights.bin", "model/model.txt", "loss.png",
                "acceptance.png", "history_loss.csv", "profile_x0.csv", "profile_x0_exact.csv", "profile_x0.png",
                "trace_x0.csv", "trace_x0.png", "results.json.123.b4j-tmp");
        List<String> theirs = List.of("notes.txt", "my.png", "history.txt", "modelling/a.csv");
        touch(dir, ours);
        touch(dir, theirs);
        B4jException refused = assertThrows(B4jException.class, () -> OutputDirectory.RUN.claim(dir, false));
        assertEquals(B4jException.Kind.BAD_INPUT, refused.kind());
        assertTrue(refused.getMessage().contains("--overwrite"), refused.getMessage());
        OutputDirectory.RUN.claim(dir, true);
        assertEquals(theirs.stream().sorted().toList(), files(dir));
    }

    @Test
    void overwritingASuiteDeletesItsStaleCasesAndKeepsOtherFiles() throws IOException {
        Path dir = tmp.resolve("suite");
        touch(dir, List.of("summary.csv", "report.html", "plots/a.png", "runs/a/results.json", "runs/a/trace_x.csv",
                "runs/b/results.json", "runs/b/model/m.bin"));
        touch(dir, List.of("mine.csv", "runs/a/keep.txt"));
        OutputDirectory.SUITE.claim(dir, true);
        assertEquals(List.of("mine.csv", "runs/a/keep.txt"), files(dir));
    }

    @Test
    void anEmptyOrUnusablePathIsBadInput() throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        for (Path bad : new Path[] {Path.of(""), file, file.resolve("sub")}) {
            B4jException e = assertThrows(B4jException.class, () -> OutputDirectory.RUN.claim(bad, true),
                    bad::toString);
            assertEquals(B4jException.Kind.BAD_INPUT, e.kind());
        }
    }

    private static void touch(Path dir, List<String> names) throws IOException {
        for (String name : names) {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, name);
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }
}
