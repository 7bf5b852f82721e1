package org.boltzmann4j.model.flow;

import org.boltzmann4j.core.B4jException;

/**
 * Shape and training settings of an {@link Eacf}.
 *
 * @param particles        n (at least 2)
 * @param spatialDimension d, coordinates per particle (2 or 3)
 * @param hidden           width H of the two hidden layers of every per-particle MLP
 * @param blocks           coupling blocks; each is two layers (auxiliaries given positions, then positions given auxiliaries)
 * @param basis            K Gaussian radial basis functions of the pair distances (at least 2)
 * @param cutoff           the basis centres run evenly over [0, cutoff]
 * @param sigma            initial standard deviation σ₀ of every COM-free coordinate of the base (σ is trained)
 * @param eta              standard deviation of the auxiliaries about the positions, a − x ~ N(0, η²)
 * @param learningRate     Adam step size
 * @param clipNorm         largest global gradient norm; larger gradients are scaled down
 * @param scaleBound       bound b of every log-scale, s = b tanh(raw / b)
 */
public record EacfConfig(int particles, int spatialDimension, int hidden, int blocks, int basis, double cutoff,
                         double sigma, double eta, double learningRate, double clipNorm, double scaleBound) {

    public EacfConfig {
        if (particles < 2 || spatialDimension < 1) {
            throw B4jException.badInput("eacf needs at least 2 particles in at least 1 dimension, got %d in %d",
                    particles, spatialDimension);
        }
        if (hidden < 1 || blocks < 1 || basis < 2) {
            throw B4jException.badInput("eacf needs hidden >= 1, blocks >= 1 and basis >= 2, got %d, %d and %d",
                    hidden, blocks, basis);
        }
        if (!(cutoff > 0) || !(sigma > 0) || !(eta > 0) || !Double.isFinite(cutoff + sigma + eta)) {
            throw B4jException.badInput("eacf cutoff, sigma and eta must be finite and > 0, got %g, %g and %g",
                    cutoff, sigma, eta);
        }
        if (!(learningRate > 0) || !(clipNorm > 0)) {
            throw B4jException.badInput("eacf learning rate and clip norm must be > 0, got %g and %g", learningRate,
                    clipNorm);
        }
        if (!(scaleBound > 0 && scaleBound <= 20)) {
            throw B4jException.badInput("eacf scale bound must be in (0, 20], got %g", scaleBound);
        }
    }

    /**
     * The settings whose length scales come from one configuration x of n particles in d dimensions
     * (a minimum of U): σ of the base and η of the auxiliaries the root-mean-square COM-free coordinate
     * of x (the Gaussian has the cluster's radius of gyration), the radial basis over
     * [0, cutoffFactor × the shortest pair distance of x].
     */
    public static EacfConfig atMinimum(int n, int dim, double[] x, int hidden, int blocks, int basis,
                                       double cutoffFactor, double learningRate, double clipNorm, double scaleBound) {
        double spread = 0;
        double shortest = Double.POSITIVE_INFINITY;
        for (int c = 0; c < dim; c++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i * dim + c] / n;
            }
            for (int i = 0; i < n; i++) {
                double v = x[i * dim + c] - mean;
                spread += v * v / ((n - 1) * dim);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double r2 = 0;
                for (int c = 0; c < dim; c++) {
                    double v = x[i * dim + c] - x[j * dim + c];
                    r2 += v * v;
                }
                shortest = Math.min(shortest, Math.sqrt(r2));
            }
        }
        double sigma = Math.sqrt(spread);
        return new EacfConfig(n, dim, hidden, blocks, basis, cutoffFactor * shortest, sigma, sigma, learningRate,
                clipNorm, scaleBound);
    }

    /** Degrees of freedom n · d of the positions. */
    public int dimension() {
        return particles * spatialDimension;
    }

    /** Dimension (n − 1) d of the centre-of-mass-free subspace. */
    public int freeDimension() {
        return (particles - 1) * spatialDimension;
    }
}
