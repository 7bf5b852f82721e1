package org.boltzmann4j.model.flow;

import org.boltzmann4j.core.B4jException;

/**
 * Shape and training settings of a {@link RealNvp}.
 *
 * @param dimension    degrees of freedom d (at least 2)
 * @param hidden       width H of the two hidden layers of every conditioner
 * @param couplings    number of affine coupling layers
 * @param float32      whether the network arithmetic (GEMMs) runs in float32 instead of float64
 * @param learningRate Adam step size
 * @param clipNorm     largest global gradient norm; larger gradients are scaled down
 * @param scaleBound   bound c of every log-scale, s = c tanh(raw / c), at most 20
 */
public record RealNvpConfig(int dimension, int hidden, int couplings, boolean float32,
                            double learningRate, double clipNorm, double scaleBound) {

    public RealNvpConfig {
        if (dimension < 2) {
            throw B4jException.badInput("RealNVP needs dimension >= 2, got %d", dimension);
        }
        if (hidden < 1 || couplings < 1) {
            throw B4jException.badInput("RealNVP needs hidden >= 1 and couplings >= 1, got %d and %d", hidden, couplings);
        }
        if (!(learningRate > 0) || !(clipNorm > 0)) {
            throw B4jException.badInput("RealNVP learning rate and clip norm must be > 0, got %g and %g", learningRate, clipNorm);
        }
        if (!(scaleBound > 0 && scaleBound <= 20)) {
            throw B4jException.badInput("RealNVP scale bound must be in (0, 20], got %g", scaleBound);
        }
    }

    /** H = 128, 6 couplings, float64, learning rate 1e-3, clip norm 10, scale bound 3. */
    public static RealNvpConfig defaults(int dimension) {
        return new RealNvpConfig(dimension, 128, 6, false, 1e-3, 10, 3);
    }

    /** The same settings with float32 (or float64) network arithmetic. */
    public RealNvpConfig withFloat32(boolean float32) {
        return new RealNvpConfig(dimension, hidden, couplings, float32, learningRate, clipNorm, scaleBound);
    }
}
