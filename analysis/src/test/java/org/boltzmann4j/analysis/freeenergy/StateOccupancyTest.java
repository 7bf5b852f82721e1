package org.boltzmann4j.analysis.freeenergy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.analysis.stats.McStatistics;
import org.boltzmann4j.core.B4jException;
import org.junit.jupiter.api.Test;

class StateOccupancyTest {

    private static final double[][] STATES = {{0, 0}, {1, 1}, {1, -1}};
    private static final double[] SCALES = {0.1, 0.2};
    /** The start of {@link #jumpProcess} drawn from the stationary weights. */
    private static final int IN_EQUILIBRIUM = -1;

    /**
     * {@code traces[order parameter][chain][record]} of chains hopping between the three states: the
     * ground state G = 0 left with probability p per record (to 1 or 2 alike), each other state left
     * for G with probability q; values scatter about each state by 0.3 of the scales, well inside its
     * basin. Each chain starts in state {@code start}, or, for {@link #IN_EQUILIBRIUM}, in a state
     * drawn from the stationary weights.
     */
    private static double[][][] jumpProcess(SplittableRandom rng, int chains, int length, double p, double q,
                                            int start) {
        double[][][] traces = new double[2][chains][length];
        for (int c = 0; c < chains; c++) {
            int s = start != IN_EQUILIBRIUM ? start : rng.nextDouble() < q / (p + q) ? 0 : 1 + rng.nextInt(2);
            for (int t = 0; t < length; t++) {
                if (s == 0 && rng.nextDouble() < p) {
                    s = 1 + rng.nextInt(2);
                } else if (s != 0 && rng.nextDouble() < q) {
                    s = 0;
                }
                for (int k = 0; k < 2; k++) {
                    traces[k][c][t] = STATES[s][k] + 0.3 * SCALES[k] * rng.nextGaussian();
                }
            }
        }
        return traces;
    }

    /**
     * The {@link #jumpProcess} started in equilibrium: weights q/(p+q) for G and p/2/(p+q) for the
     * others, mean first-passage times 1/p (G→O) and 1/q (O→G) records.
     */
    @Test
    void weightsAndPassageTimesOfAMarkovJumpProcess() {
        double p = 0.01;
        double q = 0.03;
        int length = 40000;
        double[][][] traces = jumpProcess(new SplittableRandom(11), 32, length, p, q, IN_EQUILIBRIUM);
        StateOccupancy o = StateOccupancy.estimate(List.of("a", "b"), STATES, SCALES, traces, 5);
        double[] exact = {q / (p + q), 0.5 * p / (p + q), 0.5 * p / (p + q)};
        double sum = 0;
        for (int s = 0; s < 3; s++) {
            Estimate w = o.weights()[s];
            assertNull(McStatistics.distrust(w, length, o.startDrifts()[s]), "started in equilibrium: trusted");
            assertTrue(Math.abs(w.mean() - exact[s]) < 4 * w.stderr(), "state " + s + ": " + w + " vs " + exact[s]);
            assertTrue(w.stderr() < 0.02, "an error bar that can fail: " + w.stderr());
            sum += w.mean();
        }
        assertEquals(1, sum, 1e-12);
        Rates.Passage out = o.groundToOthers().aToB();
        Rates.Passage back = o.groundToOthers().bToA();
        assertTrue(out.transitions() > 1000, "transitions " + out.transitions());
        // in sampler steps: 5 per record
        assertTrue(Math.abs(out.mfpt() - 5 / p) < 4 * out.stderr(), "G->O " + out.mfpt() + " ± " + out.stderr());
        assertTrue(Math.abs(back.mfpt() - 5 / q) < 4 * back.stderr(), "O->G " + back.mfpt() + " ± " + back.stderr());
    }

    /**
     * The same jump process, slower (p = 0.0005, q = 0.0015: relaxation over 500 records), with every
     * chain started in state 1 instead of in equilibrium: state 1's indicator drifts from the start.
     */
    @Test
    void chainsStartedOutOfEquilibriumShowTheirDriftPerState() {
        double p = 0.0005;
        double q = 0.0015;
        int length = 30000;
        double[][][] traces = jumpProcess(new SplittableRandom(12), 128, length, p, q, 1);
        StateOccupancy o = StateOccupancy.estimate(List.of("a", "b"), STATES, SCALES, traces, 1);
        assertTrue(o.startDrifts()[1] > McStatistics.MAX_START_DRIFT, "drift " + o.startDrifts()[1]);
        assertEquals(null, McStatistics.distrust(o.weights()[1], length), "tau_int and R-hat alone trust it");
        String reason = McStatistics.distrust(o.weights()[1], length, o.startDrifts()[1]);
        assertTrue(reason != null && reason.contains("first tenth"), String.valueOf(reason));
    }

    @Test
    void chainsThatNeverLeaveTheirStatesGetErrorsOfTheirIgnorance() {
        // 16 chains, each stuck where it started: 4 in the ground state, 12 in state 1
        double[][][] traces = new double[2][16][500];
        for (int c = 0; c < 16; c++) {
            for (int k = 0; k < 2; k++) {
                java.util.Arrays.fill(traces[k][c], STATES[c < 4 ? 0 : 1][k]);
            }
        }
        StateOccupancy o = StateOccupancy.estimate(List.of("a", "b"), STATES, SCALES, traces, 1);
        assertEquals(0, o.groundToOthers().transitions());
        assertEquals(0.25, o.weights()[0].mean(), 1e-12);
        // the rule every estimate answers to distrusts it (split R-hat is infinite), so the run raises its error
        assertTrue(McStatistics.distrust(o.weights()[0], 500) != null, "stuck chains are not trusted");
        assertTrue(McStatistics.untrusted(o.weights()[0]).stderr() > 0.4, "raised to one sample's sd");
    }

    @Test
    void importanceWeightsShiftTheOccupancy() {
        int n = 20000;
        double[][] values = new double[2][n];
        double[] logWeights = new double[n];
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < n; t++) {
            int s = rng.nextInt(3); // proposed uniformly over the states, weighted 2 : 1 : 1
            values[0][t] = STATES[s][0];
            values[1][t] = STATES[s][1];
            logWeights[t] = s == 0 ? Math.log(2) : 0;
        }
        StateOccupancy o = StateOccupancy.weighted(List.of("a", "b"), STATES, SCALES, values, logWeights);
        Estimate ground = o.weights()[0];
        assertTrue(Math.abs(ground.mean() - 0.5) < 4 * ground.stderr() && ground.stderr() < 0.01, ground.toString());
        assertNull(o.groundToOthers(), "independent samples have no passages");
    }

    /**
     * The system's own labels give their weights beside the nearest-state ones, which stay with the
     * passages; a label that is no state's index is a failure, not a silent weight.
     */
    @Test
    void theSystemsLabelsGiveTheWeights() {
        double[][][] traces = jumpProcess(new SplittableRandom(5), 16, 2000, 0.01, 0.01, 0);
        StateOccupancy nearest = StateOccupancy.estimate(List.of("a", "b"), STATES, SCALES, traces, 1);
        double[][] labels = new double[16][200];
        SplittableRandom rng = new SplittableRandom(6);
        for (double[] chain : labels) {
            for (int t = 0; t < chain.length; t++) {
                chain[t] = rng.nextDouble() < 0.7 ? 2 : 0; // whatever the order parameters say
            }
        }
        StateOccupancy both = nearest.withLabels("quench", labels);
        assertEquals(nearest.weights(), both.weights(), "the order parameters' weights stay");
        assertEquals(nearest.groundToOthers(), both.groundToOthers());
        StateOccupancy labelled = both.byLabel();
        assertEquals(0.7, labelled.weights()[2].mean(), 4 * labelled.weights()[2].stderr());
        assertEquals(0, labelled.weights()[1].mean());
        assertEquals(1, labelled.weights()[0].mean() + labelled.weights()[2].mean(), 1e-12);
        assertTrue(labelled.assignment().contains("quench") && labelled.assignment().contains("200"),
                labelled.assignment());
        labels[3][7] = 1.5;
        assertEquals(B4jException.Kind.FAILURE, assertThrows(B4jException.class,
                () -> nearest.withLabels("quench", labels)).kind());
    }

    @Test
    void badShapesAreBadInput() {
        double[][][] traces = new double[2][1][10];
        assertEquals(B4jException.Kind.BAD_INPUT, assertThrows(B4jException.class, () -> StateOccupancy.estimate(
                List.of("a", "b"), new double[][] {{0, 0}}, SCALES, traces, 1)).kind());
        assertEquals(B4jException.Kind.BAD_INPUT, assertThrows(B4jException.class, () -> StateOccupancy.estimate(
                List.of("a", "b"), STATES, new double[] {0.1, 0}, traces, 1)).kind());
    }
}
