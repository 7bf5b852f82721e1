package org.boltzmann4j.model.flow;

import org.boltzmann4j.core.B4jException;

/**
 * Shape and training settings of a {@link ConvFlow} on a rows × cols torus.
 *
 * @param rows         lattice rows (the slow index: site (x, y) at y cols + x)
 * @param cols         lattice columns
 * @param channels     hidden channels of every conditioner convolution
 * @param couplings    number of checkerboard coupling layers
 * @param z2           sign-flip equivariant couplings: s even and t odd in the conditioning field
 * @param float32      whether the network arithmetic (GEMMs) runs in float32 instead of float64
 * @param learningRate Adam step size
 * @param clipNorm     largest global gradient norm; larger gradients are scaled down
 * @param scaleBound   bound c of every log-scale, s = c tanh(raw / c), at most 20 (affine couplings)
 * @param bins         0: affine couplings; K ≥ 2: rational-quadratic spline couplings with K bins
 * @param splineBound  B: the splines act on [−B, B], the identity outside (spline couplings)
 */
public record ConvFlowConfig(int rows, int cols, int channels, int couplings, boolean z2, boolean float32,
                             double learningRate, double clipNorm, double scaleBound, int bins, double splineBound) {

    /** The largest number of spline bins. */
    public static final int MAX_BINS = 64;

    /** Affine couplings. */
    public ConvFlowConfig(int rows, int cols, int channels, int couplings, boolean z2, boolean float32,
                          double learningRate, double clipNorm, double scaleBound) {
        this(rows, cols, channels, couplings, z2, float32, learningRate, clipNorm, scaleBound, 0, 1);
    }

    public ConvFlowConfig {
        if (rows < 1 || cols < 1 || rows * cols < 2) {
            throw B4jException.badInput("convflow needs a lattice of at least 2 sites, got %d x %d", rows, cols);
        }
        if (channels < 1 || couplings < 1) {
            throw B4jException.badInput("convflow needs channels >= 1 and couplings >= 1, got %d and %d", channels, couplings);
        }
        if (!(learningRate > 0) || !(clipNorm > 0)) {
            throw B4jException.badInput("convflow learning rate and clip norm must be > 0, got %g and %g", learningRate, clipNorm);
        }
        if (!(scaleBound > 0 && scaleBound <= 20)) {
            throw B4jException.badInput("convflow scale bound must be in (0, 20], got %g", scaleBound);
        }
        if (!validBins(bins) || !(splineBound > 0 && Double.isFinite(splineBound))) {
            throw B4jException.badInput("convflow spline bins must be 0 (affine) or 2..%d and its bound finite and > 0, "
                    + "got %d and %g", MAX_BINS, bins, splineBound);
        }
    }

    /** Whether bins names affine couplings (0) or splines (2 … {@link #MAX_BINS}); one bin is no spline. */
    public static boolean validBins(int bins) {
        return bins == 0 || (bins >= 2 && bins <= MAX_BINS);
    }

    /** Whether the couplings are splines (else affine). */
    public boolean spline() {
        return bins > 0;
    }

    /** The same settings with float32 (or float64) network arithmetic. */
    public ConvFlowConfig withFloat32(boolean float32) {
        return new ConvFlowConfig(rows, cols, channels, couplings, z2, float32, learningRate, clipNorm, scaleBound,
                bins, splineBound);
    }

    /** The same settings on a rows × cols torus. */
    public ConvFlowConfig onLattice(int rows, int cols) {
        return new ConvFlowConfig(rows, cols, channels, couplings, z2, float32, learningRate, clipNorm, scaleBound,
                bins, splineBound);
    }

    /** Degrees of freedom: rows × cols. */
    public int dimension() {
        return rows * cols;
    }
}
