package org.boltzmann4j.system;

import java.util.random.RandomGenerator;

/**
 * Rotations (and, optionally, reflections) of a configuration of n particles in 2 or 3 dimensions
 * about its centre of mass: x_i → c + R (x_i − c). The map is orthogonal on R^{n·dim} (R on the
 * centre-of-mass-free part, the identity on the centre of mass), so it preserves volume. A random
 * element is Haar-distributed on SO(dim) (a uniform angle in 2D, a uniform unit quaternion in 3D),
 * times a reflection with probability ½ when reflections are included. No canonical form.
 */
public final class ParticleRotations implements GroupAction<double[]> {

    private final int dim;
    private final boolean reflections;
    private final boolean exact;

    /**
     * @param dim         coordinates per particle: 2 or 3
     * @param reflections O(dim) rather than SO(dim)
     * @param exact       whether U is invariant under these rotations
     */
    public ParticleRotations(int dim, boolean reflections, boolean exact) {
        if (dim != 2 && dim != 3) {
            throw new IllegalArgumentException("rotations are implemented in 2 and 3 dimensions, not " + dim);
        }
        this.dim = dim;
        this.reflections = reflections;
        this.exact = exact;
    }

    @Override
    public String description() {
        return (reflections ? "O(" : "SO(") + dim + ") rotations about the centre of mass";
    }

    @Override
    public boolean exact() {
        return exact;
    }

    @Override
    public double cardinality() {
        return Double.POSITIVE_INFINITY;
    }

    @Override
    public void applyRandom(double[] in, double[] out, RandomGenerator rng) {
        rotate(in, out, randomRotation(rng));
    }

    /** A Haar-random element of SO(dim), or of O(dim) with reflections, as a row-major dim × dim matrix. */
    double[] randomRotation(RandomGenerator rng) {
        double[] r;
        if (dim == 2) {
            double angle = 2 * Math.PI * rng.nextDouble();
            r = new double[] {Math.cos(angle), -Math.sin(angle), Math.sin(angle), Math.cos(angle)};
        } else {
            double w = rng.nextGaussian();
            double x = rng.nextGaussian();
            double y = rng.nextGaussian();
            double z = rng.nextGaussian();
            double norm = Math.sqrt(w * w + x * x + y * y + z * z);
            w /= norm;
            x /= norm;
            y /= norm;
            z /= norm;
            r = new double[] {
                1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
                2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
                2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)};
        }
        if (reflections && rng.nextBoolean()) {
            for (int j = 0; j < dim; j++) {
                r[j] = -r[j]; // diag(-1, 1, ...) R: Haar on the other coset of O(dim)
            }
        }
        return r;
    }

    /** out_i = c + R (in_i − c), c the centre of mass. */
    void rotate(double[] in, double[] out, double[] r) {
        int n = in.length / dim;
        double[] centre = new double[dim];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < dim; i++) {
                centre[i] += in[p * dim + i] / n;
            }
        }
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < dim; i++) {
                double s = centre[i];
                for (int j = 0; j < dim; j++) {
                    s += r[i * dim + j] * (in[p * dim + j] - centre[j]);
                }
                out[p * dim + i] = s;
            }
        }
    }
}
