package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;

/** The hand-written backward passes against central finite differences of the losses. */
class RealNvpGradientTest {

    /** Fourth-order central differences: the activations are accurate to ~1e-14, not to the last bit. */
    private static final double STEP = 1e-3;
    private static final double[] STENCIL = {-2, -1, 1, 2};

    @Test
    void maximumLikelihoodGradientMatchesFiniteDifferences() {
        for (int d : new int[] {5, 6}) {
            RealNvp flow = flow(d, new StandardNormal(d));
            double[] xs = Flows.gaussian(7 * d, 1.5, 11);
            checkGradient(flow, () -> flow.maximumLikelihoodGradient(xs, 7));
        }
    }

    @Test
    void maximumLikelihoodGradientWithGaussianBase() {
        RealNvp flow = flow(5, new GaussianPrecision(new double[] {0.3, -0.2, 1, 0, -1}, Flows.spd(5, 4)));
        double[] xs = Flows.gaussian(7 * 5, 1.5, 12);
        checkGradient(flow, () -> flow.maximumLikelihoodGradient(xs, 7));
    }

    @Test
    void reverseKlGradientMatchesFiniteDifferences() {
        for (int d : new int[] {5, 6}) {
            RealNvp flow = flow(d, new StandardNormal(d));
            checkGradient(flow, () -> flow.reverseKlGradient(9, new SplittableRandom(21), Flows.doubleWellChain(d)));
        }
    }

    private static RealNvp flow(int d, BaseDistribution base) {
        RealNvp flow = RealNvp.create(new RealNvpConfig(d, 6, 3, false, 1e-3, 10, 1.5), base, 3);
        Flows.randomize(flow, 0.5, 7);
        return flow;
    }

    /** Every component of the analytic gradient against finite differences of L. */
    private static void checkGradient(RealNvp flow, DoubleSupplier loss) {
        loss.getAsDouble();
        double[] analytic = flow.gradient().clone();
        double[] p = flow.parameters();
        double scale = 0;
        for (double g : analytic) {
            scale = Math.max(scale, Math.abs(g));
        }
        double worst = 0;
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            double[] at = new double[4];
            for (int j = 0; j < 4; j++) {
                p[i] = keep + STENCIL[j] * STEP;
                flow.parametersChanged();
                at[j] = loss.getAsDouble();
            }
            p[i] = keep;
            double numeric = (8 * (at[2] - at[1]) - (at[3] - at[0])) / (12 * STEP);
            worst = Math.max(worst, Math.abs(numeric - analytic[i]) / (Math.abs(numeric) + 1e-3 * scale));
        }
        flow.parametersChanged();
        assertTrue(scale > 1e-2, "gradient is not trivially small: " + scale);
        assertTrue(worst < 1e-6, "worst relative gradient error " + worst);
    }
}
