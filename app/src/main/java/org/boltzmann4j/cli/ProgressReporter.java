package org.boltzmann4j.cli;

import java.io.PrintStream;
import java.util.Locale;

import org.boltzmann4j.sampler.Progress;

/**
 * Progress on stderr: a redrawn bar with rate and time left when stderr is a terminal, otherwise a
 * plain line every few seconds; in production, the running estimate of the headline observable.
 */
final class ProgressReporter implements Progress {

    private final PrintStream err;
    private final boolean terminal;
    private final long intervalNanos;
    private long last;
    private long phaseStart = System.nanoTime();
    private double lastFraction;
    private String lastPhase = "";
    private String estimate = "";

    ProgressReporter(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 200_000_000L : 5_000_000_000L;
    }

    static ProgressReporter forStderr() {
        return new ProgressReporter(System.err, "1".equals(System.getProperty("b4j.tty")));
    }

    @Override
    public void update(String phase, double fractionDone, long steps, String status) {
        long now = System.nanoTime();
        // a new phase, or the same phase of the next run (its fraction starts again): rate and time
        // left are measured from its own start
        boolean restarted = !phase.equals(lastPhase) || fractionDone < lastFraction;
        lastFraction = fractionDone;
        if (restarted) {
            phaseStart = now;
            estimate = "";
        }
        if (now - last < intervalNanos && !restarted) {
            return;
        }
        if (restarted && terminal && !lastPhase.isEmpty()) {
            err.println();
        }
        last = now;
        lastPhase = phase;
        double elapsed = (now - phaseStart) * 1e-9;
        String rate = elapsed > 0 ? String.format(Locale.ROOT, "%.1f", steps / elapsed) : "?";
        String eta = fractionDone > 0.001 ? formatSeconds(elapsed * (1 - fractionDone) / fractionDone) : "?";
        if (terminal) {
            int width = 30;
            int filled = (int) Math.round(Math.min(1, fractionDone) * width);
            err.printf(Locale.ROOT, "\r%-10s [%s%s] %3.0f%% %8s steps/s  left %s  %s\u001b[K", phase,
                    "#".repeat(filled), ".".repeat(width - filled), 100 * fractionDone, rate, eta, status + estimate);
        } else {
            err.printf(Locale.ROOT, "b4j: %s %3.0f%% (%s steps/s, %s left) %s%s%n", phase, 100 * fractionDone, rate,
                    eta, status, estimate);
        }
        err.flush();
    }

    @Override
    public void estimate(String observable, double mean, double stderr) {
        estimate = String.format(Locale.ROOT, "  %s %.5g ± %.2g (so far)", observable, mean, stderr);
    }

    /** Ends the bar's line. */
    void finish() {
        if (terminal && !lastPhase.isEmpty()) {
            err.println();
        }
    }

    static String formatSeconds(double s) {
        if (s < 120) {
            return String.format(Locale.ROOT, "%.0fs", s);
        }
        if (s < 7200) {
            return String.format(Locale.ROOT, "%.1fm", s / 60);
        }
        return String.format(Locale.ROOT, "%.1fh", s / 3600);
    }
}
