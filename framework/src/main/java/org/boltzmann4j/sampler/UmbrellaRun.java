package org.boltzmann4j.sampler;

import org.boltzmann4j.core.B4jException;

/**
 * The outcome of an umbrella-sampling run: for every window its centre and the production trace of
 * the collective variable in every chain. All windows share one spring constant κ. The unbiased
 * reduced energy enters WHAM and MBAR only through the biases, so these traces are all they need.
 *
 * @param cvName            name of the collective variable
 * @param centres           window centres ξ_c
 * @param kappa             spring constant κ (reduced units)
 * @param traces            ξ per [window][chain][sweep], production only, equal lengths per window
 * @param acceptance        acceptance rate of each window's frozen kernel
 * @param energyEvaluations energy evaluations in all, warm-up included
 */
public record UmbrellaRun(String cvName, double[] centres, double kappa, double[][][] traces, double[] acceptance,
                          long energyEvaluations) {

    public UmbrellaRun {
        if (centres.length == 0 || centres.length != traces.length) {
            throw B4jException.badInput("an umbrella run needs one trace set per window (%d centres, %d trace sets)",
                    centres.length, traces.length);
        }
        for (int k = 0; k < traces.length; k++) {
            if (traces[k].length == 0 || traces[k][0].length == 0) {
                throw B4jException.badInput("umbrella window %d has no samples", k);
            }
        }
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
