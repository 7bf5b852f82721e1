package org.boltzmann4j.system;

import java.util.Arrays;

import org.boltzmann4j.core.B4jException;

/**
 * ξ(x) = Σ_i w_i x_i: a single coordinate (φ_mid, x_0), a mean field or any weighted sum. Only the
 * nonzero weights are visited, so a single-coordinate variable costs O(1) per evaluation and per
 * single-site change.
 */
public final class LinearCollectiveVariable implements CollectiveVariable {

    private final String name;
    private final double[] weights;
    private final int[] support;
    private final double[] supportWeights;

    /** A variable named {@code xi}. */
    public LinearCollectiveVariable(double[] weights) {
        this("xi", weights);
    }

    public LinearCollectiveVariable(String name, double[] weights) {
        this.name = name;
        this.weights = weights.clone();
        this.support = java.util.stream.IntStream.range(0, weights.length).filter(i -> weights[i] != 0).toArray();
        if (support.length == 0) {
            throw B4jException.badInput("collective variable %s has no nonzero weight", name);
        }
        for (double w : weights) {
            if (!Double.isFinite(w)) {
                throw B4jException.badInput("collective variable %s has a weight %s", name, w);
            }
        }
        this.supportWeights = Arrays.stream(support).mapToDouble(i -> weights[i]).toArray();
    }

    /** ξ(x) = x_index in dimension {@code dimension}. */
    public static LinearCollectiveVariable coordinate(String name, int dimension, int index) {
        if (index < 0 || index >= dimension) {
            throw B4jException.badInput("coordinate %d is outside dimension %d", index, dimension);
        }
        double[] w = new double[dimension];
        w[index] = 1;
        return new LinearCollectiveVariable(name, w);
    }

    @Override
    public String name() {
        return name;
    }

    /** The weights w_i (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double value(double[] x) {
        double s = 0;
        for (int k = 0; k < support.length; k++) {
            s += supportWeights[k] * x[support[k]];
        }
        return s;
    }

    @Override
    public void addGradient(double[] x, double scale, double[] gradient) {
        for (int k = 0; k < support.length; k++) {
            gradient[support[k]] += scale * supportWeights[k];
        }
    }

    @Override
    public double change(double[] x, int i, double v) {
        return weights[i] * (v - x[i]);
    }
}
