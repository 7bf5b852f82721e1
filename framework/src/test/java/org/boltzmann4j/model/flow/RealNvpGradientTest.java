package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;

/** The hand-written backward passes against central finite differences of the losses. */
class RealNvpGradientTest {

    private static final double STEP = 1e-5;

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
        RealNvp flow = flow(5, new GaussianPrecision(Flows.spd(5, 4), 5));
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

    /** Every component of the analytic gradient against (L(θ + h) − L(θ − h)) / 2h. */
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
            p[i] = keep + STEP;
            flow.parametersChanged();
            double up = loss.getAsDouble();
            p[i] = keep - STEP;
            flow.parametersChanged();
            double down = loss.getAsDouble();
            p[i] = keep;
            double numeric = (up - down) / (2 * STEP);
            worst = Math.max(worst, Math.abs(numeric - analytic[i]) / (Math.abs(numeric) + 1e-3 * scale));
        }
        flow.parametersChanged();
        assertTrue(scale > 1e-2, "gradient is not trivially small: " + scale);
        assertTrue(worst < 1e-6, "worst relative gradient error " + worst);
    }
}
