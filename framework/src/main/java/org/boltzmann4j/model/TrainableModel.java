package org.boltzmann4j.model;

import java.nio.file.Path;

/**
 * A generative model whose parameters can be fitted. Maximum likelihood (forward KL) on samples is
 * common to every model; reverse-KL training needs model-specific gradient estimators and lives
 * with each model family.
 */
public interface TrainableModel<B> extends GenerativeModel<B> {

    /**
     * One optimizer step of maximum likelihood on n configurations.
     *
     * @return the mean of -ln q over the batch, before the step
     */
    double maximumLikelihoodStep(B xs, int n);

    /** Writes everything needed to reload the model and sample again into {@code dir}. */
    void save(Path dir);
}
