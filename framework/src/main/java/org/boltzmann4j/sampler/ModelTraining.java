package org.boltzmann4j.sampler;

import java.util.SplittableRandom;

import org.boltzmann4j.model.GenerativeModel;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * Builds a model for a system and trains it on the first part of a run's budget: the model side of
 * {@code nis} and {@code nmcmc}, whatever the configuration type.
 *
 * @param <C> configuration (and batch) type
 * @param <M> model type
 */
interface ModelTraining<C, M extends GenerativeModel<C>> {

    /** Samples per training step; also the batch in which nis draws its production samples. */
    int batch();

    /** Share of the run's budget spent training. */
    double trainFraction();

    /** Builds and trains the model within {@code budget}; saves it into the context's model directory when there is one. */
    TrainedModel<C, M> train(BoltzmannSystem<C> system, RunContext context, Budget budget, SplittableRandom root);
}
