package org.boltzmann4j.model.flow;

import java.util.Arrays;
import java.util.random.RandomGenerator;

import org.boltzmann4j.core.B4jException;

/**
 * A base density stretched by a factor k along one unit direction u: z = y + (k − 1)(u·y) u with y
 * drawn from the inner base, ln p(z) = ln p_inner(y) − ln k. A Gaussian whose precision has u as an
 * eigenvector stays Gaussian, with that mode's standard deviation k times larger. With u the
 * direction of a broken-symmetry state x₀ and k such that x₀ lies one standard deviation out, a base
 * centred at 0 spans both ±x₀ along one coherent mode, which a local (convolutional) odd flow can
 * then push into the two states; the inner Gaussian's short-range modes stay as they were.
 */
public final class StretchedBase implements BaseDistribution {

    private final BaseDistribution inner;
    private final double[] direction;
    private final double factor;
    private final double logFactor;

    /**
     * @param direction u, of the inner base's dimension and unit length (to 1e-9)
     * @param factor    k > 0
     */
    public StretchedBase(BaseDistribution inner, double[] direction, double factor) {
        if (direction.length != inner.dimension()) {
            throw B4jException.badInput("stretch direction has %d entries, the base %d", direction.length, inner.dimension());
        }
        if (Math.abs(dot(direction, 0, direction) - 1) > 1e-9) {
            throw B4jException.badInput("stretch direction must have unit length, got %g",
                    Math.sqrt(dot(direction, 0, direction)));
        }
        if (!(factor > 0 && Double.isFinite(factor))) {
            throw B4jException.badInput("stretch factor must be finite and > 0, got %g", factor);
        }
        this.inner = inner;
        this.direction = direction.clone();
        this.factor = factor;
        this.logFactor = Math.log(factor);
    }

    public BaseDistribution inner() {
        return inner;
    }

    public double[] direction() {
        return direction.clone();
    }

    public double factor() {
        return factor;
    }

    @Override
    public int dimension() {
        return direction.length;
    }

    @Override
    public void sample(int n, RandomGenerator rng, double[] z, double[] logp) {
        inner.sample(n, rng, z, logp);
        stretch(z, n, factor - 1);
        for (int k = 0; k < n; k++) {
            logp[k] -= logFactor;
        }
    }

    @Override
    public void logDensity(double[] z, int n, double[] logp) {
        double[] y = Arrays.copyOf(z, n * dimension());
        stretch(y, n, 1 / factor - 1);
        inner.logDensity(y, n, logp);
        for (int k = 0; k < n; k++) {
            logp[k] -= logFactor;
        }
    }

    /** ∇_z ln p = Jᵀ ∇_y ln p_inner with J = I + (1/k − 1) u uᵀ symmetric: the same stretch of the gradient. */
    @Override
    public void logDensityAndGradient(double[] z, int n, double[] logp, double[] gradient) {
        double[] y = Arrays.copyOf(z, n * dimension());
        stretch(y, n, 1 / factor - 1);
        inner.logDensityAndGradient(y, n, logp, gradient);
        stretch(gradient, n, 1 / factor - 1);
        for (int k = 0; k < n; k++) {
            logp[k] -= logFactor;
        }
    }

    /** v ← v + c (u·v) u for each of n points. */
    private void stretch(double[] v, int n, double c) {
        int d = direction.length;
        for (int k = 0; k < n; k++) {
            double a = c * dot(direction, k * d, v);
            for (int i = 0; i < d; i++) {
                v[k * d + i] += a * direction[i];
            }
        }
    }

    private static double dot(double[] u, int offset, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[offset + i];
        }
        return s;
    }
}
