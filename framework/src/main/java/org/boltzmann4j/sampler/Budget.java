package org.boltzmann4j.sampler;

/**
 * How much work a run may do: a wall-clock deadline, a number of steps (sweeps or cycles), or both.
 * Immutable; {@link #split(double)} divides it into consecutive phases (training, production).
 * {@link #stopAll()} (a shutdown on SIGINT/SIGTERM) makes every budget read as spent, so running
 * samplers end cleanly and return what they have.
 *
 * @param deadlineNanos {@link System#nanoTime()} at which the run stops, or {@link Long#MAX_VALUE}
 * @param steps         maximum steps, or {@link Long#MAX_VALUE}
 */
public record Budget(long deadlineNanos, long steps) {

    private static volatile boolean stopped;

    public static Budget of(double seconds, long steps) {
        long deadline = Double.isInfinite(seconds) ? Long.MAX_VALUE
                : System.nanoTime() + (long) (seconds * 1e9);
        return new Budget(deadline, steps);
    }

    public static Budget steps(long steps) {
        return new Budget(Long.MAX_VALUE, steps);
    }

    public boolean timed() {
        return deadlineNanos != Long.MAX_VALUE;
    }

    /** From now on every budget of this JVM is spent: the process is shutting down. */
    public static void stopAll() {
        stopped = true;
    }

    /** True once {@link #stopAll()} was called. */
    public static boolean stoppedAll() {
        return stopped;
    }

    /** True when {@code stepsDone} reached the step limit, the deadline passed, or {@link #stopAll()} was called. */
    public boolean spent(long stepsDone) {
        return stopped || stepsDone >= steps || (timed() && System.nanoTime() >= deadlineNanos);
    }

    public double secondsLeft() {
        if (stopped) {
            return 0;
        }
        return timed() ? Math.max(0, (deadlineNanos - System.nanoTime()) * 1e-9) : Double.POSITIVE_INFINITY;
    }

    /**
     * Fraction of the budget done (progress bars, annealing schedules): by steps where steps bound the
     * work, so that a schedule does not depend on the machine's speed, else by time.
     */
    public double fractionDone(long stepsDone, long startNanos) {
        if (steps != Long.MAX_VALUE) {
            return Math.min(1, stepsDone / (double) steps);
        }
        return timed() ? Math.min(1, (System.nanoTime() - startNanos) / (double) (deadlineNanos - startNanos)) : 0;
    }

    /** What is left of this budget after {@code stepsDone} steps: the same deadline, the remaining steps. */
    public Budget after(long stepsDone) {
        return new Budget(deadlineNanos, steps == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, steps - stepsDone));
    }

    /**
     * The first {@code fraction} of what is left, as a budget of its own: a fraction of the steps where
     * steps bound the work (the deadline then stays the whole run's, a cap only, so that a run bounded
     * by steps splits its phases the same way on any machine and under any load), else of the time.
     */
    public Budget split(double fraction) {
        if (steps != Long.MAX_VALUE) {
            return new Budget(deadlineNanos, Math.max(1, Math.round(fraction * steps)));
        }
        long deadline = timed() ? System.nanoTime() + (long) (fraction * (deadlineNanos - System.nanoTime()))
                : Long.MAX_VALUE;
        return new Budget(deadline, Long.MAX_VALUE);
    }
}
