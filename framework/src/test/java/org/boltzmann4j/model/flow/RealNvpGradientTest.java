package org.boltzmann4j.model.flow;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The hand-written backward passes against central finite differences of the losses. */
class RealNvpGradientTest {

    @Test
    void maximumLikelihoodGradientMatchesFiniteDifferences() {
        for (int d : new int[] {5, 6}) {
            RealNvp flow = flow(d, new StandardNormal(d));
            double[] xs = Flows.gaussian(7 * d, 1.5, 11);
            Flows.checkGradient(flow, () -> flow.maximumLikelihoodGradient(xs, 7));
        }
    }

    @Test
    void maximumLikelihoodGradientWithGaussianBase() {
        RealNvp flow = flow(5, new GaussianPrecision(new double[] {0.3, -0.2, 1, 0, -1}, Flows.spd(5, 4)));
        double[] xs = Flows.gaussian(7 * 5, 1.5, 12);
        Flows.checkGradient(flow, () -> flow.maximumLikelihoodGradient(xs, 7));
    }

    @Test
    void reverseKlGradientMatchesFiniteDifferences() {
        for (int d : new int[] {5, 6}) {
            RealNvp flow = flow(d, new StandardNormal(d));
            Flows.checkGradient(flow, () -> flow.reverseKlGradient(9, new SplittableRandom(21), Flows.doubleWellChain(d)));
        }
    }

    private static RealNvp flow(int d, BaseDistribution base) {
        RealNvp flow = RealNvp.create(new RealNvpConfig(d, 6, 3, false, 1e-3, 10, 1.5), base, 3);
        Flows.randomize(flow, 0.5, 7);
        return flow;
    }
}
