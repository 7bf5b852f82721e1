package org.boltzmann4j.sampler;

import java.nio.file.Path;

/**
 * What a sampler run gets besides the system: its budget, seed, progress sink and, optionally, a
 * directory where it may save what it trained.
 *
 * @param budget    work limit for the whole run, training included
 * @param seed      fixes every random choice of the run
 * @param progress  progress sink
 * @param modelDir  where to save a trained model, or null
 * @param checkpoints where the run checkpoints and what it resumes from ({@link Checkpoints#NONE}: nowhere)
 */
public record RunContext(Budget budget, long seed, Progress progress, Path modelDir, Checkpoints checkpoints) {

    /** A run that takes no checkpoints. */
    public RunContext(Budget budget, long seed, Progress progress, Path modelDir) {
        this(budget, seed, progress, modelDir, Checkpoints.NONE);
    }
}
