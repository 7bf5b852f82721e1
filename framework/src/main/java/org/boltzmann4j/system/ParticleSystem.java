package org.boltzmann4j.system;

/**
 * A continuous system whose configuration is {@link #particles()} particles × {@link #spatialDimension()}
 * coordinates, particle-major (x_0, y_0, z_0, x_1, ...), and which can price the move of one particle
 * in O(n). Local kernels use it to propose single-particle moves instead of single-coordinate ones.
 */
public interface ParticleSystem {

    /** Number of particles n. */
    int particles();

    /** Coordinates per particle (2 or 3). */
    int spatialDimension();

    /**
     * U after moving particle p to {@code position[0..spatialDimension())}, minus U; x is not changed.
     */
    double particleEnergyChange(double[] x, int p, double[] position);

    /**
     * Whether U is invariant under translations of all particles together (then Z over R^{n·d} is
     * infinite and models work on the centre-of-mass-free subspace). False unless overridden.
     */
    default boolean translationInvariant() {
        return false;
    }
}
