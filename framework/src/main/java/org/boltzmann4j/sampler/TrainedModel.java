package org.boltzmann4j.sampler;

import java.util.List;
import java.util.Map;

import org.boltzmann4j.model.GenerativeModel;

/**
 * A model after the training phase of a model-based sampler, with what training recorded.
 *
 * @param model             the trained model q̃
 * @param sampling          q̃ or its symmetry average q: what the sampler draws from and evaluates
 * @param history           training curves
 * @param energyEvaluations evaluations of U spent training
 * @param steps             training steps made
 * @param details           facts for {@code results.json}
 * @param warnings          what the user should know about the training
 * @param <C>               configuration (and batch) type
 * @param <M>               model type
 */
record TrainedModel<C, M extends GenerativeModel<C>>(M model, GenerativeModel<C> sampling,
                                                     Map<String, RunRecord.Curve> history, long energyEvaluations,
                                                     long steps, Map<String, Object> details, List<String> warnings) {
}
