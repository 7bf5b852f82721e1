package org.boltzmann4j.analysis.freeenergy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.analysis.stats.McStatistics;
import org.boltzmann4j.core.B4jException;

/**
 * How much of a run each declared metastable state holds, and how often the chains leave the first
 * (the ground state, where states are listed lowest first) and come back, from the traces of
 * several order parameters.
 *
 * <p><b>Assignment.</b> A record belongs to the state nearest to it in order-parameter space, in
 * units of each order parameter's hysteresis half-width (its {@code threshold}): the basins are the
 * Voronoi cells of the states' order-parameter values. A state's weight is the mean of its
 * indicator, with the autocorrelation-aware error of {@link McStatistics} (importance-weighted for
 * weighted samples). The weights sum to 1.
 *
 * <p><b>Transitions.</b> Between the ground state G and the others O, with a buffer: a record is
 * committed to G when d_G ≤ d_O / 2 and to O when d_O ≤ d_G / 2 (d_O the distance to the nearest
 * other state), and keeps its last commitment in between; {@link Rates} then gives the mean
 * first-passage times G→O and O→G on the value (d_G − d_O) / (d_G + d_O) with the band ±1/3.
 *
 * <p>Where the system labels its states itself (for a cluster, the minimum a quench reaches), the
 * weights of its labels, on their own sparser records, come beside these ({@link #withLabels}).
 *
 * @param orderParameters  names of the order parameters, in the order of the states' coordinates
 * @param states           each state's order-parameter values, {@code [state][order parameter]}
 * @param weights          the fraction of records in each state's basin
 * @param startDrifts      for chains, {@link McStatistics#startDrift} of each state's indicator; NaN for
 *                         weighted samples
 * @param groundToOthers   passages G→O ({@code aToB}) and O→G ({@code bToA}); null for weighted samples
 * @param assignment       how records were assigned to states, in words
 * @param untrustedBecause per state, why its weight's error cannot be trusted, or null
 * @param byLabel          the weights of the system's own labels of the states (no passages), else null
 */
public record StateOccupancy(List<String> orderParameters, double[][] states, Estimate[] weights,
                             double[] startDrifts, Rates groundToOthers, String assignment,
                             String[] untrustedBecause, StateOccupancy byLabel) {

    private static StateOccupancy nearest(List<String> orderParameters, double[][] states, Estimate[] weights,
                                          double[] startDrifts, Rates groundToOthers) {
        return new StateOccupancy(List.copyOf(orderParameters), states, weights, startDrifts, groundToOthers,
                String.format(Locale.ROOT, "each record to the nearest declared state in (%s), distances in units of "
                        + "each order parameter's threshold", String.join(", ", orderParameters)),
                new String[states.length], null);
    }

    /** Half-width of the band on (d_G − d_O) / (d_G + d_O): committed when one distance is at most half the other. */
    static final double COMMITMENT = 1.0 / 3;

    /**
     * From Markov chains.
     *
     * @param orderParameters names
     * @param states          the states' order-parameter values, {@code [state][order parameter]}, at least two
     * @param scales          the unit of distance along each order parameter (its hysteresis half-width)
     * @param traces          {@code [order parameter][chain][record]}, equal lengths
     * @param stepsPerRecord  sampler steps one record stands for (the MFPT's unit)
     */
    public static StateOccupancy estimate(List<String> orderParameters, double[][] states, double[] scales,
                                          double[][][] traces, double stepsPerRecord) {
        check(orderParameters, states, scales, traces.length);
        int chains = traces[0].length;
        int length = traces[0][0].length;
        int[][] nearest = new int[chains][length];
        double[][] committal = new double[chains][length];
        double[] v = new double[orderParameters.size()];
        double[] out = new double[1];
        for (int c = 0; c < chains; c++) {
            for (int t = 0; t < length; t++) {
                for (int k = 0; k < v.length; k++) {
                    v[k] = traces[k][c][t];
                }
                nearest[c][t] = classify(v, states, scales, out);
                committal[c][t] = out[0];
            }
        }
        Estimate[] weights = new Estimate[states.length];
        double[] drifts = new double[states.length];
        weigh(nearest, weights, drifts);
        return nearest(orderParameters, states, weights, drifts,
                Rates.estimate(committal, stepsPerRecord, 0, COMMITMENT));
    }

    /** Each state's weight, the mean of its indicator over {@code assigned[chain][record]}, and its start drift. */
    private static void weigh(int[][] assigned, Estimate[] weights, double[] drifts) {
        double[][] indicator = new double[assigned.length][assigned[0].length];
        for (int s = 0; s < weights.length; s++) {
            for (int c = 0; c < assigned.length; c++) {
                for (int t = 0; t < assigned[c].length; t++) {
                    indicator[c][t] = assigned[c][t] == s ? 1 : 0;
                }
            }
            weights[s] = McStatistics.estimate(indicator);
            drifts[s] = McStatistics.startDrift(indicator);
        }
    }

    /** From importance-weighted samples: {@code values[order parameter][sample]}, their ln weights. */
    public static StateOccupancy weighted(List<String> orderParameters, double[][] states, double[] scales,
                                          double[][] values, double[] logWeights) {
        check(orderParameters, states, scales, values.length);
        int n = values[0].length;
        int[] nearest = new int[n];
        double[] v = new double[orderParameters.size()];
        double[] out = new double[1];
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < v.length; k++) {
                v[k] = values[k][t];
            }
            nearest[t] = classify(v, states, scales, out);
        }
        Estimate[] weights = new Estimate[states.length];
        double[] indicator = new double[n];
        for (int s = 0; s < states.length; s++) {
            for (int t = 0; t < n; t++) {
                indicator[t] = nearest[t] == s ? 1 : 0;
            }
            weights[s] = McStatistics.weighted(indicator, logWeights);
        }
        double[] drifts = new double[states.length];
        Arrays.fill(drifts, Double.NaN);
        return nearest(orderParameters, states, weights, drifts, null);
    }

    /** The state nearest to v; sets {@code committal[0]} to (d_G − d_O) / (d_G + d_O). */
    private static int classify(double[] v, double[][] states, double[] scales, double[] committal) {
        int nearest = 0;
        double best = Double.POSITIVE_INFINITY;
        double ground = 0;
        double others = Double.POSITIVE_INFINITY;
        for (int s = 0; s < states.length; s++) {
            double d2 = 0;
            for (int k = 0; k < v.length; k++) {
                if (Double.isNaN(v[k])) {
                    throw B4jException.failure("order parameter value is NaN");
                }
                double d = (v[k] - states[s][k]) / scales[k];
                d2 += d * d;
            }
            double d = Math.sqrt(d2);
            if (d < best) {
                best = d;
                nearest = s;
            }
            if (s == 0) {
                ground = d;
            } else {
                others = Math.min(others, d);
            }
        }
        committal[0] = ground + others > 0 ? (ground - others) / (ground + others) : 0;
        return nearest;
    }

    /**
     * The same states and passages with other weights (errors raised, say), the reasons, per state,
     * why, and the weights of the system's labels beside them ({@link #byLabel}, null: none).
     */
    public StateOccupancy withWeights(Estimate[] newWeights, String[] reasons, StateOccupancy labelled) {
        if (newWeights.length != weights.length || reasons.length != weights.length) {
            throw B4jException.badInput("%d weights and %d reasons for %d states", newWeights.length, reasons.length,
                    weights.length);
        }
        return new StateOccupancy(orderParameters, states, newWeights.clone(), startDrifts, groundToOthers,
                assignment, reasons.clone(), labelled);
    }

    /**
     * The same, with the weights of the system's own label of each record, {@code labels[chain][record]}
     * (state indices), beside them ({@link #byLabel}): exact by the system's definition of its states,
     * where the nearest state in order-parameter space is biased wherever the basins blur into each
     * other, but from fewer records (they may cost a quench each), so rare states may go unseen.
     *
     * @param name what the label is, for {@link #assignment}
     */
    public StateOccupancy withLabels(String name, double[][] labels) {
        int length = labels[0].length;
        int[][] assigned = new int[labels.length][length];
        for (int c = 0; c < labels.length; c++) {
            for (int t = 0; t < length; t++) {
                double v = labels[c][t];
                if (!(v >= 0 && v < states.length && v == Math.rint(v))) {
                    throw B4jException.failure("state label %s is not the index of one of the %d states", v,
                            states.length);
                }
                assigned[c][t] = (int) v;
            }
        }
        Estimate[] labelled = new Estimate[states.length];
        double[] drifts = new double[states.length];
        weigh(assigned, labelled, drifts);
        StateOccupancy byLabels = new StateOccupancy(orderParameters, states, labelled, drifts, null,
                String.format(Locale.ROOT, "each record to the state the system labels it with (%s), on %d evenly "
                        + "spaced records per chain", name, length), new String[states.length], null);
        return new StateOccupancy(orderParameters, states, weights, startDrifts, groundToOthers, assignment,
                untrustedBecause, byLabels);
    }

    private static void check(List<String> orderParameters, double[][] states, double[] scales, int traced) {
        if (states.length < 2) {
            throw B4jException.badInput("state occupancy needs at least two states (got %d)", states.length);
        }
        if (traced != orderParameters.size() || scales.length != orderParameters.size()) {
            throw B4jException.badInput("state occupancy needs one trace and one scale per order parameter %s (got %d "
                    + "and %d)", orderParameters, traced, scales.length);
        }
        for (double[] state : states) {
            if (state.length != orderParameters.size()) {
                throw B4jException.badInput("every state needs a value of each order parameter %s", orderParameters);
            }
        }
        for (double scale : scales) {
            if (!(scale > 0) || !Double.isFinite(scale)) {
                throw B4jException.badInput("state occupancy needs positive finite scales (got %s)", scale);
            }
        }
    }
}
