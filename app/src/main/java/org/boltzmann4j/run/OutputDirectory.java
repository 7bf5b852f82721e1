package org.boltzmann4j.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.boltzmann4j.analysis.RunReport;
import org.boltzmann4j.core.AtomicFiles;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.sampler.Checkpoints;

/**
 * The one owner of an {@code --out} directory. {@link #claim} refuses an empty or unusable path and
 * an earlier run or suite there unless {@code --overwrite}; with it, it deletes exactly what b4j
 * writes there ({@code results.json}, {@code model/}, {@code checkpoint/}, the profile, trace and history CSVs and plots;
 * for a suite {@code summary.csv}, {@code report.html}, {@code plots/} and every case under
 * {@code runs/}) and keeps every other file. Files inside are written with {@link AtomicFiles}.
 */
public enum OutputDirectory {
    /** A run directory, marked by {@code results.json}. */
    RUN(ResultsJson.FILE, "run"),
    /** A suite directory, marked by {@code summary.csv}. */
    SUITE("summary.csv", "suite");

    private final String marker;
    private final String what;

    OutputDirectory(String marker, String what) {
        this.marker = marker;
        this.what = what;
    }

    /** Checks {@code out}, clears an earlier run or suite there when {@code overwrite}, and creates it. */
    public void claim(Path out, boolean overwrite) {
        if (out.toString().isBlank()) {
            throw B4jException.badInput("--out is empty: name the output directory");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw B4jException.badInput("--out %s exists and is not a directory", out);
        }
        if (Files.exists(out.resolve(marker)) && !overwrite) {
            throw B4jException.badInput("--out %s already holds a %s (%s); pass --overwrite to replace it%s", out, what,
                    marker, resumable(out) ? " or --resume to continue it" : "");
        }
        if (resumable(out) && !overwrite) {
            throw B4jException.badInput("--out %s holds an interrupted %s; pass --resume to continue it or --overwrite "
                    + "to replace it", out, what);
        }
        try {
            if (overwrite && Files.isDirectory(out)) {
                clear(out);
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw B4jException.badInput("cannot prepare --out %s: %s", out, e.getMessage());
        }
    }

    /**
     * Checks that {@code out} is a directory an earlier run or suite wrote, for {@code --resume}, and
     * deletes the temporary files a killed process left there.
     */
    public void claimForResume(Path out) {
        if (out.toString().isBlank()) {
            throw B4jException.badInput("--out is empty: name the output directory");
        }
        if (!Files.isDirectory(out) || (this == SUITE && !Files.isDirectory(out.resolve("runs")))) {
            throw B4jException.badInput("--resume: --out %s is not a directory that holds an interrupted %s", out, what);
        }
        try {
            for (Path dir : List.of(out, out.resolve(Checkpoints.DIRECTORY))) {
                if (Files.isDirectory(dir)) {
                    for (Path p : list(dir)) {
                        if (p.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)) {
                            Files.delete(p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw B4jException.badInput("cannot prepare --out %s: %s", out, e.getMessage());
        }
    }

    /** True when {@code out} holds what an interrupted run (a checkpoint) or suite (a run of one) left. */
    private boolean resumable(Path out) {
        if (this == RUN) {
            return Checkpoints.exists(out);
        }
        try (Stream<Path> runs = Files.isDirectory(out.resolve("runs")) ? Files.list(out.resolve("runs")) : Stream.empty()) {
            return runs.anyMatch(Checkpoints::exists);
        } catch (IOException e) {
            return false;
        }
    }

    private void clear(Path dir) throws IOException {
        for (Path p : list(dir)) {
            String name = p.getFileName().toString();
            if (name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                Files.delete(p);
            } else if (this == RUN) {
                if (name.equals(marker) || name.equals(LiveRecord.FILE) || RunReport.isArtifact(name)) {
                    Files.delete(p);
                } else if ((name.equals("model") || name.equals(Checkpoints.DIRECTORY)) && Files.isDirectory(p)) {
                    deleteTree(p);
                }
            } else if (name.equals(marker) || name.equals("report.html")) {
                Files.delete(p);
            } else if (name.equals("plots") && Files.isDirectory(p)) {
                deleteTree(p);
            } else if (name.equals("runs") && Files.isDirectory(p)) {
                for (Path run : list(p)) {
                    if (Files.isDirectory(run)) {
                        RUN.clear(run);
                        deleteIfEmpty(run);
                    }
                }
                deleteIfEmpty(p);
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        if (list(dir).isEmpty()) {
            Files.delete(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
