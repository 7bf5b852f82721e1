package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The spline's map, inverse, log-slope, partial derivatives and mirror image, at random raw numbers. */
class RationalQuadraticSplineTest {

    private static final int BINS = 5;
    private static final double BOUND = 2;
    private static final int P = RationalQuadraticSpline.parameters(BINS);

    private static double[] randomRaw(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] raw = new double[P];
        for (int i = 0; i < P; i++) {
            raw[i] = 1.5 * rng.nextGaussian();
        }
        return raw;
    }

    private static RationalQuadraticSpline at(double[] raw) {
        RationalQuadraticSpline s = new RationalQuadraticSpline(BINS, BOUND);
        s.knots(raw, 0);
        return s;
    }

    @Test
    void zeroRawNumbersAreTheIdentity() {
        RationalQuadraticSpline s = at(new double[P]);
        for (double x = -2.5; x <= 2.5; x += 0.01) {
            assertEquals(x, s.forward(x), 1e-12);
            assertEquals(0, s.logSlope(), 1e-12);
        }
    }

    @Test
    void monotoneInvertibleAndItsLogSlopeIsTheDerivative() {
        for (long seed = 1; seed <= 5; seed++) {
            RationalQuadraticSpline s = at(randomRaw(seed));
            double previous = Double.NEGATIVE_INFINITY;
            double moved = 0;
            for (double x = -2.6; x <= 2.6; x += 0.0137) {
                double y = s.forward(x);
                double logSlope = s.logSlope();
                assertTrue(y > previous, "monotone at " + x);
                previous = y;
                moved = Math.max(moved, Math.abs(y - x));
                double h = 1e-6;
                double numeric = (s.forward(x + h) - s.forward(x - h)) / (2 * h);
                assertEquals(numeric, Math.exp(logSlope), 1e-6 * numeric, "T' at " + x);
                assertEquals(x, s.inverse(y), 1e-12, "inverse at " + x);
                assertEquals(logSlope, s.logSlope(), 1e-10, "the inverse leaves ln T' of its x");
            }
            assertTrue(moved > 0.1, "a non-trivial spline: " + moved);
        }
    }

    /** ∂y/∂x, ∂ℓ/∂x and both with respect to every raw number, against central differences. */
    @Test
    void partialDerivativesMatchFiniteDifferences() {
        double[] raw = randomRaw(7);
        double gy = 0.7;
        double gl = -1.3;
        for (double x : new double[] {-1.93, -1.2, -0.31, 0.05, 0.66, 1.41, 1.97}) {
            RationalQuadraticSpline s = at(raw);
            s.forward(x);
            double[] analytic = new double[P];
            double dx = s.backward(gy, gl, analytic, 0);
            double h = 1e-6;
            double numericX = (combination(raw, x + h, gy, gl) - combination(raw, x - h, gy, gl)) / (2 * h);
            assertEquals(numericX, dx, 1e-6 * Math.max(1, Math.abs(numericX)), "d/dx at " + x);
            for (int i = 0; i < P; i++) {
                double[] plus = raw.clone();
                double[] minus = raw.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (combination(plus, x, gy, gl) - combination(minus, x, gy, gl)) / (2 * h);
                assertEquals(numeric, analytic[i], 1e-6 * Math.max(1, Math.abs(numeric)), "raw " + i + " at " + x);
            }
        }
    }

    /** Outside [−B, B] the identity: no parameter gradient. */
    @Test
    void identityTails() {
        RationalQuadraticSpline s = at(randomRaw(3));
        for (double x : new double[] {-5, -2.0001, 2.0001, 7}) {
            assertEquals(x, s.forward(x), 0);
            assertEquals(0, s.logSlope(), 0);
            double[] g = new double[P];
            assertEquals(0.4, s.backward(0.4, 2, g, 0), 0);
            for (double v : g) {
                assertEquals(0, v, 0);
            }
        }
    }

    @Test
    void mirrorIsMinusTOfMinusX() {
        double[] raw = randomRaw(11);
        double[] mirrored = new double[P];
        RationalQuadraticSpline.mirror(BINS, raw, 0, mirrored, 0);
        RationalQuadraticSpline s = at(raw);
        RationalQuadraticSpline m = at(mirrored);
        for (double x = -2.5; x <= 2.5; x += 0.031) {
            double y = s.forward(x);
            double logSlope = s.logSlope();
            assertEquals(-y, m.forward(-x), 1e-12, "at " + x);
            assertEquals(logSlope, m.logSlope(), 1e-12);
        }
    }

    private static double combination(double[] raw, double x, double gy, double gl) {
        RationalQuadraticSpline s = at(raw);
        double y = s.forward(x);
        return gy * y + gl * s.logSlope();
    }
}
