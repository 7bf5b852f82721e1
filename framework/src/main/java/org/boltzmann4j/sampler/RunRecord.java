package org.boltzmann4j.sampler;

import java.util.List;
import java.util.Map;

/**
 * The raw outcome of a sampler run, before any statistics: production traces of every observable
 * per chain, acceptance rates, the training history, work counters and, for samplers that estimate
 * it, ln Z. The analysis module turns it into estimates with error bars.
 *
 * @param observableNames   names, in the order of the first index of {@code traces}
 * @param traces            [observable][chain][record], production phase only
 * @param stride            records kept out of those offered (1: every offered record was kept)
 * @param logWeights        per-record ln importance weights for weighted samplers (one chain), or null
 * @param acceptance        acceptance rate by kernel kind ("local", "global")
 * @param history           training and adaptation curves by name ("loss", "acceptance_global", ...)
 * @param energyEvaluations number of U evaluations (a gradient counts as one)
 * @param lnZ               ln Z estimate, or null
 * @param productionSteps   steps (sweeps or cycles) in the production phase
 * @param details           sampler-specific facts for results.json (adapted step sizes, model sizes...)
 * @param warnings          what a reader must know about the run's reliability
 * @param umbrella          for runs under harmonic biases, the windows (their ξ traces and biases),
 *                          else null; {@code traces} then holds the windows' chains grouped by window,
 *                          in the windows' order, and no trace is a sample of the unbiased system
 */
public record RunRecord(List<String> observableNames, double[][][] traces, long stride, double[] logWeights,
                        Map<String, Double> acceptance, Map<String, Curve> history, long energyEvaluations,
                        LnZ lnZ, long productionSteps, Map<String, Object> details, List<String> warnings,
                        UmbrellaRun umbrella) {

    /** A record of an unbiased run. */
    public RunRecord(List<String> observableNames, double[][][] traces, long stride, double[] logWeights,
                     Map<String, Double> acceptance, Map<String, Curve> history, long energyEvaluations,
                     LnZ lnZ, long productionSteps, Map<String, Object> details, List<String> warnings) {
        this(observableNames, traces, stride, logWeights, acceptance, history, energyEvaluations, lnZ, productionSteps,
                details, warnings, null);
    }

    /** ln Z with a one-sigma error. */
    public record LnZ(double estimate, double stderr) {
    }

    /** A curve over training or adaptation: x (step or seconds) and y. */
    public record Curve(String xLabel, double[] x, double[] y) {
    }
}
