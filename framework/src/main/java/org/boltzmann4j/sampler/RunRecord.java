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
 * @param proposals         for chains with model proposals, the production proposals themselves as
 *                          importance-weighted i.i.d. samples of a frozen q (they reach where the
 *                          chains rarely are, the barrier); for weighted samplers (nis), U and ln q
 *                          of the records, without observables (those are the traces); else null
 * @param path              for thermodynamic integration, ∂U/∂t along its path of couplings ({@code traces}
 *                          then hold the path's last node, the system asked for); else null
 * @param stateLabels       for chains of a system that labels its metastable states itself
 *                          ({@link org.boltzmann4j.system.BoltzmannSystem#stateLabel}), the label on sparser
 *                          records; else null
 */
public record RunRecord(List<String> observableNames, double[][][] traces, long stride, double[] logWeights,
                        Map<String, Double> acceptance, Map<String, Curve> history, long energyEvaluations,
                        LnZ lnZ, long productionSteps, Map<String, Object> details, List<String> warnings,
                        UmbrellaRun umbrella, WeightedSamples proposals, ThermodynamicPath path,
                        StateLabels stateLabels) {

    /** A record without a path of couplings. */
    public RunRecord(List<String> observableNames, double[][][] traces, long stride, double[] logWeights,
                     Map<String, Double> acceptance, Map<String, Curve> history, long energyEvaluations,
                     LnZ lnZ, long productionSteps, Map<String, Object> details, List<String> warnings,
                     UmbrellaRun umbrella, WeightedSamples proposals) {
        this(observableNames, traces, stride, logWeights, acceptance, history, energyEvaluations, lnZ, productionSteps,
                details, warnings, umbrella, proposals, null, null);
    }

    /** A record of an unbiased run. */
    public RunRecord(List<String> observableNames, double[][][] traces, long stride, double[] logWeights,
                     Map<String, Double> acceptance, Map<String, Curve> history, long energyEvaluations,
                     LnZ lnZ, long productionSteps, Map<String, Object> details, List<String> warnings) {
        this(observableNames, traces, stride, logWeights, acceptance, history, energyEvaluations, lnZ, productionSteps,
                details, warnings, null, null);
    }

    /** The same record with ln Z replaced. */
    public RunRecord withLnZ(LnZ value) {
        return new RunRecord(observableNames, traces, stride, logWeights, acceptance, history, energyEvaluations,
                value, productionSteps, details, warnings, umbrella, proposals, path, stateLabels);
    }

    /** The same record with the derivatives along a path of couplings. */
    public RunRecord withPath(ThermodynamicPath value) {
        return new RunRecord(observableNames, traces, stride, logWeights, acceptance, history, energyEvaluations,
                lnZ, productionSteps, details, warnings, umbrella, proposals, value, stateLabels);
    }

    /** The same record with the system's own state labels. */
    public RunRecord withStateLabels(StateLabels value) {
        return new RunRecord(observableNames, traces, stride, logWeights, acceptance, history, energyEvaluations,
                lnZ, productionSteps, details, warnings, umbrella, proposals, path, value);
    }

    /**
     * A system's state label ({@link org.boltzmann4j.system.BoltzmannSystem#stateLabel}) on evenly spaced
     * records of every chain.
     *
     * @param name   the label's name
     * @param labels [chain][record] indices into the system's metastable states
     */
    public record StateLabels(String name, double[][] labels) {
    }

    /** A record of a run under harmonic biases. */
    public RunRecord(List<String> observableNames, double[][][] traces, long stride, double[] logWeights,
                     Map<String, Double> acceptance, Map<String, Curve> history, long energyEvaluations,
                     LnZ lnZ, long productionSteps, Map<String, Object> details, List<String> warnings,
                     UmbrellaRun umbrella) {
        this(observableNames, traces, stride, logWeights, acceptance, history, energyEvaluations, lnZ, productionSteps,
                details, warnings, umbrella, null);
    }

    /**
     * Importance-weighted samples: observables of i.i.d. draws x ~ q, thinned evenly, with their
     * ln w = -U(x) - ln q(x), U and ln q.
     *
     * @param observableNames names, in the order of the first index of {@code values}
     * @param values          [observable][sample]
     * @param logWeights      [sample]
     * @param energies        [sample] U
     * @param logDensities    [sample] ln q
     * @param chainLogWeights [chain][record] ln w = -U - ln q of the Markov chains' states (which sample
     *                        exp(-U)) before each cycle's proposals, for Bennett's acceptance ratio; or null
     */
    public record WeightedSamples(List<String> observableNames, double[][] values, double[] logWeights,
                                  double[] energies, double[] logDensities, double[][] chainLogWeights) {

        /** Draws without the chains' ln w. */
        public WeightedSamples(List<String> observableNames, double[][] values, double[] logWeights,
                               double[] energies, double[] logDensities) {
            this(observableNames, values, logWeights, energies, logDensities, null);
        }
    }

    /** ln Z with a one-sigma error. */
    public record LnZ(double estimate, double stderr) {
    }

    /** A curve over training or adaptation: x (step or seconds) and y. */
    public record Curve(String xLabel, double[] x, double[] y) {
    }
}
