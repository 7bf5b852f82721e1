package org.boltzmann4j.model.flow;

import java.util.random.RandomGenerator;

import org.boltzmann4j.core.B4jException;

/** The standard normal density N(0, I) in d dimensions. */
public record StandardNormal(int dimension) implements BaseDistribution {

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    public StandardNormal {
        if (dimension < 1) {
            throw B4jException.badInput("dimension must be >= 1, got %d", dimension);
        }
    }

    @Override
    public void sample(int n, RandomGenerator rng, double[] z, double[] logp) {
        int d = dimension;
        for (int k = 0; k < n; k++) {
            double sq = 0;
            for (int i = k * d, end = i + d; i < end; i++) {
                double v = rng.nextGaussian();
                z[i] = v;
                sq += v * v;
            }
            logp[k] = -0.5 * sq - d * HALF_LOG_TWO_PI;
        }
    }

    @Override
    public void logDensity(double[] z, int n, double[] logp) {
        int d = dimension;
        for (int k = 0; k < n; k++) {
            double sq = 0;
            for (int i = k * d, end = i + d; i < end; i++) {
                sq += z[i] * z[i];
            }
            logp[k] = -0.5 * sq - d * HALF_LOG_TWO_PI;
        }
    }

    @Override
    public void logDensityAndGradient(double[] z, int n, double[] logp, double[] gradient) {
        logDensity(z, n, logp);
        for (int i = 0, end = n * dimension; i < end; i++) {
            gradient[i] = -z[i];
        }
    }
}
