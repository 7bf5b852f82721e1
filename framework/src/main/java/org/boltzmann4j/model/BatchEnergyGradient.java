package org.boltzmann4j.model;

/** U and ∇U of a batch of n continuous configurations (row-major), for reverse-KL training of flows. */
@FunctionalInterface
public interface BatchEnergyGradient {

    void energiesAndGradients(double[] xs, int n, double[] u, double[] gradients);
}
