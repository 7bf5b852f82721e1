package org.boltzmann4j.sampler;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.ObjIntConsumer;

import org.boltzmann4j.model.GenerativeModel;
import org.boltzmann4j.model.TrainableModel;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * Builds a model for a system and trains it on the first part of a run's budget: the model side of
 * {@code nis} and {@code nmcmc}, whatever the configuration type.
 *
 * @param <C> configuration (and batch) type
 * @param <M> model type
 */
interface ModelTraining<C, M extends TrainableModel<C>> {

    /** Samples per training step; also the batch in which nis draws its production samples. */
    int batch();

    /** Share of the run's budget spent training. */
    double trainFraction();

    /** A fresh, untrained model for the system (or the saved {@link #initModel()}); draws its seeds from {@code root}. */
    Built<C, M> build(BoltzmannSystem<C> system, SplittableRandom root);

    /** Share of the training during which the reverse-KL target's β factor rises to 1. */
    double anneal();

    /** The reverse-KL target's β factor at the start of training. */
    double annealStart();

    /** The saved model that {@link #build} starts from ({@link SavedModels}), or null for a fresh one. */
    default Path initModel() {
        return null;
    }

    /**
     * Builds and trains the model within {@code budget} (by reverse KL unless overridden); saves it
     * into the context's model directory when there is one.
     */
    default TrainedModel<C, M> train(BoltzmannSystem<C> system, RunContext context, Budget budget,
                                     SplittableRandom root) {
        return ReverseKlTraining.train(system, build(system, root),
                new ReverseKlTraining.Schedule(batch(), trainFraction(), anneal(), annealStart(), initModel() != null),
                context, budget,
                root.split());
    }

    /**
     * A model as built, before training.
     *
     * @param model       the model q̃ whose parameters are trained
     * @param sampling    q̃ or its symmetry average: what samplers draw from
     * @param name           the model family, as {@code sampler.model} names it
     * @param parameterCount trainable parameters
     * @param symmetrized whether {@code sampling} is a symmetry average
     * @param reverseKl   one reverse-KL step of the model towards exp(-t U)
     * @param reloadWith  the Java call that reloads a saved model
     * @param canonicalize maps a batch of n states, in place, onto the images under the symmetry that the
     *                     model is trained on before it is averaged (maximum likelihood); null: none
     */
    record Built<C, M extends TrainableModel<C>>(M model, GenerativeModel<C> sampling, String name, long parameterCount,
                                                 boolean symmetrized, ReverseKlTraining.Stepper reverseKl,
                                                 String reloadWith, ObjIntConsumer<C> canonicalize) {
    }
}
