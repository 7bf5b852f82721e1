package org.boltzmann4j.system;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A finite group of symmetries of U, listed element by element with the identity first (or made
 * on demand from an index), so that models can average over it exactly; the {@link GroupAction}
 * of a small group.
 * {@code exact} is false when a parameter (a field h, say) breaks the symmetry: samplers may still
 * use it to build proposals, because their acceptance tests correct the weights.
 *
 * @param elements the group elements, identity first
 * @param exact    whether U(g x) = U(x) holds for every element
 */
public record SymmetryGroup<C>(List<Symmetry<C>> elements, boolean exact) implements GroupAction<C> {

    public static final String IDENTITY = "identity";
    public static final String SIGN_FLIP = "sign-flip";

    public SymmetryGroup {
        elements = elements instanceof Generated<C> ? elements : List.copyOf(elements);
        if (elements.isEmpty() || !elements.get(0).name().equals(IDENTITY)) {
            throw new IllegalArgumentException("a symmetry group lists the identity first");
        }
    }

    /** The group with the identity alone. */
    public static <C> SymmetryGroup<C> trivial(Symmetry<C> identity) {
        return new SymmetryGroup<>(List.of(identity), true);
    }

    /**
     * A group whose elements are made on demand from their index (0 the identity), for groups too
     * large to list (lattice translations times point group: 16 L² elements for an L × L torus).
     */
    public static <C> SymmetryGroup<C> generated(int order, IntFunction<Symmetry<C>> element, boolean exact) {
        return new SymmetryGroup<>(new Generated<>(order, element), exact);
    }

    public int order() {
        return elements.size();
    }

    @Override
    public double cardinality() {
        return order();
    }

    @Override
    public String description() {
        return order() + " elements: " + (order() <= 8 ? String.join(", ", elements.stream().map(Symmetry::name).toList())
                : elements.get(0).name() + ", " + elements.get(1).name() + ", ...");
    }

    @Override
    public void applyRandom(C in, C out, RandomGenerator rng) {
        elements.get(rng.nextInt(order())).apply(in, out);
    }

    public Symmetry<C> element(int k) {
        return elements.get(k);
    }

    /** The elements accepted by the filter, with the identity; the caller vouches that they form a group. */
    public SymmetryGroup<C> subgroup(Predicate<Symmetry<C>> keep) {
        List<Symmetry<C>> kept = new ArrayList<>();
        kept.add(elements.get(0));
        for (int k = 1; k < elements.size(); k++) {
            if (keep.test(elements.get(k))) {
                kept.add(elements.get(k));
            }
        }
        return new SymmetryGroup<>(kept, exact);
    }

    /** The identity and the global sign flip, if the group has one. */
    public SymmetryGroup<C> signFlipSubgroup() {
        return subgroup(s -> s.name().equals(SIGN_FLIP));
    }

    private static final class Generated<C> extends AbstractList<Symmetry<C>> implements RandomAccess {
        private final int order;
        private final IntFunction<Symmetry<C>> element;

        Generated(int order, IntFunction<Symmetry<C>> element) {
            this.order = order;
            this.element = element;
        }

        @Override
        public Symmetry<C> get(int k) {
            if (k < 0 || k >= order) {
                throw new IndexOutOfBoundsException(k);
            }
            return element.apply(k);
        }

        @Override
        public int size() {
            return order;
        }
    }
}
