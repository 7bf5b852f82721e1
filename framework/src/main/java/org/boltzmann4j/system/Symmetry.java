package org.boltzmann4j.system;

/**
 * One element of a symmetry group acting on configurations: {@code out = g(in)}. Must be a
 * bijection with unit Jacobian (permutations and sign changes), so densities transform trivially.
 */
public interface Symmetry<C> {

    String name();

    /** Writes g(in) to out; in and out must be different arrays. */
    void apply(C in, C out);

    static <C> Symmetry<C> of(String name, java.util.function.BiConsumer<C, C> action) {
        return new Symmetry<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void apply(C in, C out) {
                action.accept(in, out);
            }
        };
    }
}
