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
 */
public record RunContext(Budget budget, long seed, Progress progress, Path modelDir) {
}
