package org.boltzmann4j.system;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Permutations of identical particles: configurations are n particles × {@code dim} coordinates,
 * row-major, and particles of the same species may be exchanged. The group has Π_s n_s! elements
 * (13! ≈ 6.2·10⁹ for LJ13), so it is never listed: a random element is a uniform shuffle within each
 * species, and the canonical form sorts each species' particles lexicographically by their
 * coordinates (a fundamental domain up to ties, which have measure zero).
 */
public final class ParticlePermutations implements GroupAction<double[]> {

    private final int dim;
    private final int[][] species; // particle indices of each species with at least two members
    private final boolean exact;

    /**
     * @param dim     coordinates per particle
     * @param species the species label of each particle; particles with equal labels are identical
     * @param exact   whether U is invariant under these exchanges
     */
    public ParticlePermutations(int dim, int[] species, boolean exact) {
        this.dim = dim;
        this.exact = exact;
        this.species = Arrays.stream(species).distinct()
                .mapToObj(s -> java.util.stream.IntStream.range(0, species.length).filter(i -> species[i] == s).toArray())
                .filter(members -> members.length > 1).toArray(int[][]::new);
    }

    /** All n particles identical. */
    public static ParticlePermutations all(int n, int dim, boolean exact) {
        return new ParticlePermutations(dim, new int[n], exact);
    }

    @Override
    public String description() {
        return String.join(" x ", Arrays.stream(species).map(s -> "S_" + s.length).toList())
                + " permutations of identical particles";
    }

    @Override
    public boolean exact() {
        return exact;
    }

    @Override
    public double cardinality() {
        double order = 1;
        for (int[] members : species) {
            for (int k = 2; k <= members.length; k++) {
                order *= k;
            }
        }
        return order;
    }

    @Override
    public void applyRandom(double[] in, double[] out, RandomGenerator rng) {
        System.arraycopy(in, 0, out, 0, in.length);
        for (int[] members : species) {
            for (int k = members.length - 1; k > 0; k--) {
                int j = rng.nextInt(k + 1);
                swap(out, members[k], members[j]);
            }
        }
    }

    @Override
    public boolean canonicalize(double[] in, double[] out) {
        System.arraycopy(in, 0, out, 0, in.length);
        for (int[] members : species) {
            Integer[] order = new Integer[members.length];
            for (int k = 0; k < order.length; k++) {
                order[k] = members[k];
            }
            Arrays.sort(order, (a, b) -> Arrays.compare(in, a * dim, (a + 1) * dim, in, b * dim, (b + 1) * dim));
            for (int k = 0; k < order.length; k++) {
                System.arraycopy(in, order[k] * dim, out, members[k] * dim, dim);
            }
        }
        return true;
    }

    private void swap(double[] x, int a, int b) {
        if (a == b) {
            return;
        }
        for (int i = 0; i < dim; i++) {
            double t = x[a * dim + i];
            x[a * dim + i] = x[b * dim + i];
            x[b * dim + i] = t;
        }
    }
}
