package org.boltzmann4j.system;

import java.util.random.RandomGenerator;

/**
 * A group of symmetries described by what can be done with it rather than by a list of its
 * elements: a uniformly random element (Haar measure for continuous groups) can be applied, and,
 * where defined, a configuration can be mapped onto a canonical representative of its orbit. This
 * covers small finite groups ({@link SymmetryGroup}, which also lists them), permutations of
 * identical particles ({@link ParticlePermutations}: 13! elements for LJ13), continuous rotations
 * ({@link ParticleRotations}) and their products ({@link #product}). Every element must be a
 * bijection with unit Jacobian, so densities transform trivially.
 */
public interface GroupAction<C> {

    /** A short description, e.g. {@code "S_13 permutations of identical particles"}. */
    String description();

    /** Whether U(g x) = U(x) holds for every element (false when a field, say, breaks it). */
    boolean exact();

    /** The number of elements |G|: +∞ for continuous groups; a double because 55! overflows a long. */
    double cardinality();

    /** Writes g(in) to out for g drawn uniformly from the group; in and out are different arrays. */
    void applyRandom(C in, C out, RandomGenerator rng);

    /**
     * Writes to out the canonical representative of in's orbit (a point of a fundamental domain,
     * such as particles sorted in a fixed order) and returns true, or returns false where the group
     * defines no canonical form.
     */
    default boolean canonicalize(C in, C out) {
        return false;
    }

    /**
     * The direct product of commuting actions (permutations of identical particles and rotations
     * about the centre of mass, say): a uniform element of the product is a uniform element of each
     * factor, applied in turn; the canonical form canonicalizes by each factor that defines one.
     */
    @SafeVarargs
    static <C> GroupAction<C> product(GroupAction<C>... factors) {
        return new ProductAction<>(java.util.List.of(factors));
    }
}
