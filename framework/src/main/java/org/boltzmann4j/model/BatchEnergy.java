package org.boltzmann4j.model;

/** U of a batch of n configurations, as reverse-KL training and importance sampling need it. */
@FunctionalInterface
public interface BatchEnergy<B> {

    void energies(B xs, int n, double[] u);
}
