package org.boltzmann4j.sampler;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

import org.boltzmann4j.core.AtomicFiles;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Checkpointable;

/**
 * Where and how often a run writes checkpoints, and the checkpoint it resumes from. The file
 * {@code DIR/checkpoint/state.bin} holds a header (the schema {@value #SCHEMA}, the run's identity:
 * b4j version and every parameter that fixes its numbers, and the SHA-256 of that identity), then
 * the state the {@link CycleEngine} wrote at a cycle boundary (none in the first file, written when
 * the run starts, from which a resumed run starts over), then a trailer (a marker and the
 * file's length). It is replaced atomically, so a killed run always leaves a whole checkpoint or none.
 */
public final class Checkpoints {

    /** The format of the file, the first thing in it. */
    public static final String SCHEMA = "b4j-checkpoint/3";
    /** The checkpoint's directory inside a run directory. */
    public static final String DIRECTORY = "checkpoint";
    static final String FILE = "state.bin";
    private static final int TRAILER = 0xB4C0FFEE;
    /** No checkpoints: neither written nor resumed from. */
    public static final Checkpoints NONE = new Checkpoints(null, Map.of(), Double.POSITIVE_INFINITY, null, n -> {
    });

    private final Path file;
    private final Map<String, String> identity;
    private final long intervalNanos;
    private final IntConsumer afterWrite;
    private DataInput resumeState;
    private long lastWrite = System.nanoTime();
    private int written;

    private Checkpoints(Path file, Map<String, String> identity, double intervalSeconds, DataInput resumeState,
                        IntConsumer afterWrite) {
        this.file = file;
        this.identity = Map.copyOf(identity);
        this.intervalNanos = Double.isInfinite(intervalSeconds) ? Long.MAX_VALUE : (long) (intervalSeconds * 1e9);
        this.resumeState = resumeState;
        this.afterWrite = afterWrite;
    }

    /**
     * Checkpoints of a fresh run into {@code runDir}, every {@code intervalSeconds} and at phase
     * boundaries; {@code afterWrite} is told the count after each one (a test stops a run there).
     */
    public static Checkpoints fresh(Path runDir, Map<String, String> identity, double intervalSeconds,
                                    IntConsumer afterWrite) {
        return new Checkpoints(runDir.resolve(DIRECTORY).resolve(FILE), identity, intervalSeconds, null, afterWrite);
    }

    /**
     * The checkpoint in {@code runDir}, checked against this run's identity (bad input, naming what
     * differs, when it was written by another version or with other parameters); the run writes its
     * later checkpoints there.
     */
    public static Checkpoints resume(Path runDir, Map<String, String> identity, double intervalSeconds,
                                     IntConsumer afterWrite) {
        Path file = runDir.resolve(DIRECTORY).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw B4jException.badInput("--resume: %s holds no checkpoint (%s) to resume from", runDir,
                    runDir.relativize(file));
        }
        try {
            DataInputStream in = new DataInputStream(whole(file));
            String schema = in.readUTF();
            if (!schema.equals(SCHEMA)) {
                throw B4jException.badInput("--resume: %s is a checkpoint of schema %s; this b4j reads %s only", file,
                        schema, SCHEMA);
            }
            Map<String, String> saved = readIdentity(in);
            String hash = in.readUTF();
            if (!hash.equals(hash(saved))) {
                throw B4jException.badInput("--resume: the checkpoint %s is damaged (its header does not match its hash)",
                        file);
            }
            if (!hash.equals(hash(identity))) {
                throw B4jException.badInput("--resume: the checkpoint in %s was written %s; give the same arguments "
                        + "as the interrupted run, or --overwrite to start afresh", runDir, differences(saved, identity));
            }
            return new Checkpoints(file, identity, intervalSeconds, in.readBoolean() ? in : null, afterWrite);
        } catch (EOFException e) {
            throw B4jException.badInput("--resume: the checkpoint %s is truncated or not a b4j checkpoint", file);
        } catch (IOException e) {
            throw B4jException.badInput("--resume: cannot read the checkpoint %s: %s", file, e.getMessage());
        }
    }

    /** The file's bytes without the trailer; an EOF when the trailer says it is not whole. */
    private static ByteArrayInputStream whole(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int n = bytes.length - 12;
        if (n < 0) {
            throw new EOFException();
        }
        DataInputStream trailer = new DataInputStream(new ByteArrayInputStream(bytes, n, 12));
        if (trailer.readInt() != TRAILER || trailer.readLong() != bytes.length) {
            throw new EOFException();
        }
        return new ByteArrayInputStream(bytes, 0, n);
    }

    private static Map<String, String> readIdentity(DataInput in) throws IOException {
        Map<String, String> saved = new LinkedHashMap<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            saved.put(in.readUTF(), in.readUTF());
        }
        return saved;
    }

    /** The identity the checkpoint in {@code runDir} was written with (bad input when there is none). */
    public static Map<String, String> savedIdentity(Path runDir) {
        Path file = runDir.resolve(DIRECTORY).resolve(FILE);
        try (DataInputStream in = new DataInputStream(whole(file))) {
            if (!in.readUTF().equals(SCHEMA)) {
                throw B4jException.badInput("--resume: %s is not a checkpoint of schema %s", file, SCHEMA);
            }
            return readIdentity(in);
        } catch (IOException e) {
            throw B4jException.badInput("--resume: cannot read the checkpoint %s", file);
        }
    }

    /** True when {@code runDir} holds a checkpoint. */
    public static boolean exists(Path runDir) {
        return Files.exists(runDir.resolve(DIRECTORY).resolve(FILE));
    }

    /** Deletes the checkpoint of {@code runDir} (once its run finished). */
    public static void delete(Path runDir) {
        Path dir = runDir.resolve(DIRECTORY);
        try {
            Files.deleteIfExists(dir.resolve(FILE));
            if (Files.isDirectory(dir)) {
                try (var s = Files.list(dir)) {
                    if (s.findAny().isEmpty()) {
                        Files.delete(dir);
                    }
                }
            }
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot delete the checkpoint in %s: %s", runDir, e.getMessage());
        }
    }

    private static String differences(Map<String, String> saved, Map<String, String> now) {
        List<String> diffs = new ArrayList<>();
        for (String key : saved.keySet()) {
            if (!saved.get(key).equals(now.get(key))) {
                diffs.add(key + " " + saved.get(key) + " (now " + now.getOrDefault(key, "unset") + ")");
            }
        }
        for (String key : now.keySet()) {
            if (!saved.containsKey(key)) {
                diffs.add(key + " unset (now " + now.get(key) + ")");
            }
        }
        return "with " + String.join(", ", diffs);
    }

    static String hash(Map<String, String> identity) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(identity).forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when checkpoints are written at all. */
    boolean enabled() {
        return file != null;
    }

    /** True when the interval has passed since the last checkpoint. */
    boolean due() {
        return file != null && System.nanoTime() - lastWrite >= intervalNanos;
    }

    /** The state to resume from, once (null for a fresh run, and after the first call). */
    DataInput takeResumeState() {
        DataInput s = resumeState;
        resumeState = null;
        return s;
    }

    /** Writes the first file, with no state yet: a run killed before its first checkpoint resumes from the start. */
    public void begin() {
        save(null);
    }

    /** Writes the header and {@code state} atomically. */
    void write(Checkpointable state) {
        save(state);
        afterWrite.accept(++written);
    }

    private void save(Checkpointable state) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot create %s: %s", file.getParent(), e.getMessage());
        }
        AtomicFiles.write(file, temp -> {
            try (OutputStream os = Files.newOutputStream(temp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
                out.writeUTF(SCHEMA);
                Map<String, String> sorted = new TreeMap<>(identity);
                out.writeInt(sorted.size());
                for (Map.Entry<String, String> e : sorted.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeUTF(e.getValue());
                }
                out.writeUTF(hash(identity));
                out.writeBoolean(state != null);
                if (state != null) {
                    state.writeState(out);
                }
                out.writeInt(TRAILER);
                out.writeLong(out.size() + 8L);
            }
        });
        lastWrite = System.nanoTime();
    }
}
