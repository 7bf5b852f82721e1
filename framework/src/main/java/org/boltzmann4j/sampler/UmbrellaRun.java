package org.boltzmann4j.sampler;

import org.boltzmann4j.core.B4jException;

/**
 * The outcome of an umbrella-sampling run: for every window its centre and the production trace of
 * the collective variable in every chain. All windows share one spring constant κ. The unbiased
 * reduced energy enters WHAM and MBAR only through the biases, so these traces are all they need.
 * Windows may share a centre: one per pass when the centres were swept both ways.
 *
 * @param cvName            name of the collective variable
 * @param centres           window centres ξ_c
 * @param kappa             spring constant κ (reduced units)
 * @param traces            ξ per [window][chain][sweep], production only, equal lengths per window
 * @param acceptance        acceptance rate of each window's frozen kernel
 * @param energyEvaluations energy evaluations in all, warm-up included
 * @param pass              the pass each window belongs to: {@link #UPWARD} (its chains came from the
 *                          window below) or {@link #DOWNWARD}
 */
public record UmbrellaRun(String cvName, double[] centres, double kappa, double[][][] traces, double[] acceptance,
                          long energyEvaluations, int[] pass) {

    /** Pass of windows swept from the lowest centre up. */
    public static final int UPWARD = 0;
    /** Pass of windows swept from the highest centre down. */
    public static final int DOWNWARD = 1;

    public UmbrellaRun {
        if (centres.length == 0 || centres.length != traces.length || pass.length != traces.length) {
            throw B4jException.badInput("an umbrella run needs one trace set and pass per window (%d centres, %d trace sets,"
                    + " %d passes)", centres.length, traces.length, pass.length);
        }
        for (int k = 0; k < traces.length; k++) {
            if (traces[k].length == 0 || traces[k][0].length == 0) {
                throw B4jException.badInput("umbrella window %d has no samples", k);
            }
        }
    }

    /** A run of one upward pass. */
    public UmbrellaRun(String cvName, double[] centres, double kappa, double[][][] traces, double[] acceptance,
                       long energyEvaluations) {
        this(cvName, centres, kappa, traces, acceptance, energyEvaluations, new int[centres.length]);
    }

    /** True when some windows were swept upward and some downward. */
    public boolean bothWays() {
        return java.util.Arrays.stream(pass).distinct().count() > 1;
    }

    /** The windows of one pass, as a run of their own. */
    public UmbrellaRun only(int onePass) {
        int[] keep = java.util.stream.IntStream.range(0, windows()).filter(k -> pass[k] == onePass).toArray();
        if (keep.length == 0) {
            throw B4jException.badInput("umbrella run has no window in pass %d", onePass);
        }
        return new UmbrellaRun(cvName, pick(centres, keep), kappa,
                java.util.Arrays.stream(keep).mapToObj(k -> traces[k]).toArray(double[][][]::new), pick(acceptance, keep),
                energyEvaluations, new int[keep.length]);
    }

    private static double[] pick(double[] values, int[] keep) {
        return java.util.Arrays.stream(keep).mapToDouble(k -> values[k]).toArray();
    }

    public int windows() {
        return centres.length;
    }

    /** The bias of window k at ξ: κ/2 (ξ - ξ_k)². */
    public double bias(int window, double xi) {
        double d = xi - centres[window];
        return 0.5 * kappa * d * d;
    }
}
