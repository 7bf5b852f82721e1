package org.boltzmann4j.system;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/** The direct product of commuting group actions; see {@link GroupAction#product}. */
record ProductAction<C>(List<GroupAction<C>> factors) implements GroupAction<C> {

    ProductAction {
        factors = List.copyOf(factors);
        if (factors.isEmpty()) {
            throw new IllegalArgumentException("a product of no groups");
        }
    }

    @Override
    public String description() {
        return factors.stream().map(GroupAction::description).collect(Collectors.joining(" x "));
    }

    @Override
    public boolean exact() {
        return factors.stream().allMatch(GroupAction::exact);
    }

    @Override
    public double cardinality() {
        double order = 1;
        for (GroupAction<C> f : factors) {
            order *= f.cardinality();
        }
        return order;
    }

    @Override
    public void applyRandom(C in, C out, RandomGenerator rng) {
        C current = Configurations.copy(in);
        for (GroupAction<C> f : factors) {
            f.applyRandom(current, out, rng);
            current = Configurations.copy(out);
        }
    }

    @Override
    public boolean canonicalize(C in, C out) {
        C current = Configurations.copy(in);
        boolean any = false;
        for (GroupAction<C> f : factors) {
            if (f.canonicalize(current, out)) {
                current = Configurations.copy(out);
                any = true;
            }
        }
        return any;
    }
}
