package org.boltzmann4j.run;

import java.util.function.IntConsumer;

import org.boltzmann4j.core.B4jException;

/**
 * How a run treats its output directory and its checkpoints.
 *
 * @param overwrite         replace an earlier run in the directory
 * @param resume            continue the interrupted run in the directory from its checkpoint
 * @param checkpointSeconds seconds between two checkpoints (0: after every cycle)
 * @param afterCheckpoint   told the count after each checkpoint written (a test stops a run there)
 */
public record RunOptions(boolean overwrite, boolean resume, double checkpointSeconds, IntConsumer afterCheckpoint) {

    /** Seconds between two checkpoints unless told otherwise. */
    public static final double CHECKPOINT_SECONDS = 60;

    public RunOptions {
        if (overwrite && resume) {
            throw B4jException.badInput("--resume and --overwrite exclude each other: --resume continues the run "
                    + "in --out, --overwrite replaces it");
        }
        if (!(checkpointSeconds >= 0)) {
            throw B4jException.badInput("--checkpoint-every %s is not allowed: must be a duration of 0s or more",
                    checkpointSeconds);
        }
    }

    /**
     * The options of the command line: {@code --overwrite}, {@code --resume} and
     * {@code --checkpoint-every} (null: {@value #CHECKPOINT_SECONDS} s).
     */
    public static RunOptions of(boolean overwrite, boolean resume, String checkpointEvery) {
        return new RunOptions(overwrite, resume, checkpointEvery == null ? CHECKPOINT_SECONDS
                : Durations.seconds("--checkpoint-every", checkpointEvery), n -> {
        });
    }

    /** A fresh run (replacing an earlier one when {@code overwrite}), checkpointing every minute. */
    public static RunOptions fresh(boolean overwrite) {
        return new RunOptions(overwrite, false, CHECKPOINT_SECONDS, n -> {
        });
    }
}
