package org.boltzmann4j.systems.exact;

import java.util.function.DoubleUnaryOperator;

import org.boltzmann4j.core.B4jException;

/**
 * Exact reference for the d-dimensional double well
 * <pre>
 * U(x) = beta [ barrier (x_0^2 - 1)^2 + tilt x_0 + 1/2 sum_{i>=1} x_i^2 ].
 * </pre>
 * The Gaussian coordinates factor out, Z = Z_0 (2 pi / beta)^((d-1)/2), and everything about x_0
 * is a one-dimensional integral done by composite Gauss-Legendre quadrature over a range outside
 * which exp(-U) is below e^-800 of its maximum.
 */
public final class DoubleWellExact {

    private static final double TAIL = 800;

    private final int d;
    private final double beta;
    private final double barrier;
    private final double tilt;
    private final double uMin;      // approximate minimum of the x_0 energy, a shift against overflow
    private final double limit;     // integration range [-limit, limit]
    private final double panel;     // quadrature panel width
    private final double positive;  // integral of exp(-(u - uMin)) over x_0 > 0
    private final double negative;  // same over x_0 < 0

    private DoubleWellExact(int d, double beta, double barrier, double tilt) {
        this.d = d;
        this.beta = beta;
        this.barrier = barrier;
        this.tilt = tilt;
        // minima lie within |x| <= 1 + (|tilt| / (4 barrier))^(1/3)
        double reach = 1 + Math.cbrt(Math.abs(tilt) / (4 * barrier));
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0; k <= 20000; k++) {
            min = Math.min(min, u(-reach + 2 * reach * k / 20000.0));
        }
        this.uMin = min;
        double lim = reach + 1;
        while (u(lim) - uMin < TAIL || u(-lim) - uMin < TAIL) {
            lim *= 1.5;
        }
        this.limit = lim;
        double wellWidth = 1 / Math.sqrt(8 * beta * barrier); // curvature of beta barrier (x^2-1)^2 at x = 1
        this.panel = Math.min(0.05, wellWidth);
        this.positive = integrate(x -> 1, 0, limit);
        this.negative = integrate(x -> 1, -limit, 0);
    }

    /** The reference for dimension d >= 1, beta > 0, barrier > 0 and a finite tilt. */
    public static DoubleWellExact of(int d, double beta, double barrier, double tilt) {
        if (d < 1 || !(beta > 0) || !(barrier > 0) || !Double.isFinite(beta) || !Double.isFinite(barrier)
                || !Double.isFinite(tilt)) {
            throw B4jException.badInput("double-well reference needs d >= 1, beta > 0, barrier > 0 and finite tilt"
                    + " (got d=%d, beta=%s, barrier=%s, tilt=%s)", d, beta, barrier, tilt);
        }
        return new DoubleWellExact(d, beta, barrier, tilt);
    }

    /** Reduced energy of x_0, beta [barrier (x^2-1)^2 + tilt x]. */
    private double u(double x) {
        double w = x * x - 1;
        return beta * (barrier * w * w + tilt * x);
    }

    private double integrate(DoubleUnaryOperator g, double lo, double hi) {
        return Quadrature.integrate(x -> g.applyAsDouble(x) * Math.exp(uMin - u(x)), lo, hi, panel);
    }

    /** <g(x_0)>. */
    public double expectation(DoubleUnaryOperator g) {
        return (integrate(g, -limit, 0) + integrate(g, 0, limit)) / (positive + negative);
    }

    /** ln Z, Lebesgue measure on all d coordinates. */
    public double lnZ() {
        return Math.log(positive + negative) - uMin + 0.5 * (d - 1) * Math.log(2 * Math.PI / beta);
    }

    /** P(x_0 > 0). */
    public double probabilityPositive() {
        return positive / (positive + negative);
    }

    /** <x_0>. */
    public double meanX0() {
        return expectation(x -> x);
    }

    /** <x_0^2>. */
    public double meanX0Squared() {
        return expectation(x -> x * x);
    }

    /** Probability density of x_0 at x. */
    public double density(double x) {
        return Math.exp(uMin - u(x)) / (positive + negative);
    }

    /** Free energy of x_0, -ln p(x_0 = x), at the given points, shifted so its minimum over them is 0. */
    public double[] freeEnergy(double[] x) {
        double[] f = new double[x.length];
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < x.length; j++) {
            f[j] = u(x[j]);
            min = Math.min(min, f[j]);
        }
        for (int j = 0; j < x.length; j++) {
            f[j] -= min;
        }
        return f;
    }

    /** Exact probabilities of x_0 in the bins of [low, high] (as used by sampled profiles). */
    public double[] binProbabilities(double low, double high, int bins) {
        if (!(low < high) || bins < 1) {
            throw B4jException.badInput("bins need low < high and bins >= 1 (got [%s, %s], %d)", low, high, bins);
        }
        double[] p = new double[bins];
        double width = (high - low) / bins;
        for (int b = 0; b < bins; b++) {
            double lo = Math.max(-limit, low + b * width);
            double hi = Math.min(limit, low + (b + 1) * width);
            p[b] = integrate(x -> 1, lo, hi) / (positive + negative);
        }
        return p;
    }

    public int dimension() {
        return d;
    }
}
