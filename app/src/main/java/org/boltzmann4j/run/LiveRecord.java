package org.boltzmann4j.run;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.analysis.RunReport;

import org.boltzmann4j.core.AtomicFiles;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The growing record of a run at work: {@code live.json} in its directory, rewritten atomically at
 * most every {@link #INTERVAL_NANOS} ns (and at every new phase) with the system, the phase, its
 * fraction done, the steps, the status line, the latest values of the training curves and, in
 * production, the running estimate of the headline observable; with it, the curves of the current
 * adaptive phase so far as {@code history_NAME.csv} (one point per update, at most
 * {@link #MAX_POINTS}), so that {@code b4j plot DIR} draws them mid-run. The run's final files
 * replace them. Passes every call on to the progress it wraps.
 */
public final class LiveRecord implements Progress {

    /** The file's name in the run directory. */
    public static final String FILE = "live.json";
    static final String SCHEMA = "b4j-live/1";
    private static final long INTERVAL_NANOS = 2_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_POINTS = 2000;

    private final Path dir;
    private final String system;
    private final Path file;
    private final Progress inner;
    private final long start = System.nanoTime();
    private long lastWrite = Long.MIN_VALUE;
    private String lastPhase = "";
    private Map<String, Double> latest = Map.of();
    private Map<String, Object> estimate;
    private boolean fresh; // latest or estimate given since the last update, so for this update's phase
    private final Map<String, List<double[]>> curves = new LinkedHashMap<>(); // the phase's (step, value) points
    private long lastStep = -1;

    /** A record of a run of {@code system} in {@code dir} around {@code inner}. */
    public LiveRecord(Path dir, String system, Progress inner) {
        this.dir = dir;
        this.system = system;
        this.file = dir.resolve(FILE);
        this.inner = inner;
    }

    @Override
    public void update(String phase, double fractionDone, long steps, String status) {
        inner.update(phase, fractionDone, steps, status);
        long now = System.nanoTime();
        boolean newPhase = !phase.equals(lastPhase);
        if (newPhase) {
            lastPhase = phase;
            if (!fresh) {
                latest = Map.of();
                estimate = null;
            }
            curves.clear();
            lastStep = -1;
        }
        fresh = false;
        if (steps != lastStep) {
            lastStep = steps;
            latest.forEach((name, y) -> add(curves.computeIfAbsent(name, k -> new ArrayList<>()), steps, y));
        }
        if (!newPhase && now - lastWrite < INTERVAL_NANOS) {
            return;
        }
        lastWrite = now;
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("system", system);
        root.put("updated", Instant.now().toString());
        root.put("seconds", (now - start) * 1e-9);
        root.put("phase", phase);
        root.put("fraction_done", fractionDone);
        root.put("steps", steps);
        root.put("status", status);
        root.put("latest", finite(latest));
        root.put("estimate", estimate);
        try {
            AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Map<String, RunRecord.Curve> history = new LinkedHashMap<>();
        curves.forEach((name, points) -> history.put(name, new RunRecord.Curve(phase + " cycle",
                points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray())));
        RunReport.writeHistory(dir, history);
    }

    /** Adds a point, dropping every other point when the curve is full. */
    private static void add(List<double[]> points, long x, double y) {
        if (points.size() == MAX_POINTS) {
            for (int i = 0; i < MAX_POINTS / 2; i++) {
                points.set(i, points.get(2 * i));
            }
            points.subList(MAX_POINTS / 2, MAX_POINTS).clear();
        }
        points.add(new double[] {x, y});
    }

    @Override
    public void latest(Map<String, Double> values) {
        inner.latest(values);
        latest = Map.copyOf(values);
        fresh = true;
    }

    @Override
    public void estimate(String observable, double mean, double stderr) {
        inner.estimate(observable, mean, stderr);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("observable", observable);
        e.put("mean", Double.isFinite(mean) ? mean : null);
        e.put("stderr", Double.isFinite(stderr) ? stderr : null);
        estimate = e;
        fresh = true;
    }

    /** JSON has no NaN: non-finite values become null. */
    private static Map<String, Object> finite(Map<String, Double> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, Double.isFinite(v) ? v : null));
        return out;
    }
}
