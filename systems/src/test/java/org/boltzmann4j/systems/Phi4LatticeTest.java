package org.boltzmann4j.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.system.SymmetryGroup;
import org.junit.jupiter.api.Test;

/** The lattice action against the contract's formula, its vacua, symmetries and bad input (the registry contract covers the rest). */
class Phi4LatticeTest {

    @Test
    void actionMatchesTheContractFormula() {
        int L = 3;
        double m2 = -1.3;
        double lambda = 0.7;
        Phi4Lattice s = new Phi4Lattice(L, m2, lambda);
        double[] phi = new SplittableRandom(9).doubles(L * L, -2, 2).toArray();
        double expected = 0;
        for (int y = 0; y < L; y++) {
            for (int x = 0; x < L; x++) {
                double p = phi[y * L + x];
                double right = phi[y * L + (x + 1) % L] - p;
                double up = phi[((y + 1) % L) * L + x] - p;
                expected += right * right + up * up + m2 * p * p + lambda * p * p * p * p;
            }
        }
        assertEquals(expected, s.energy(phi), 1e-12);
        assertEquals(expected / (L * L), s.observables().stream().filter(o -> o.name().equals("action_per_site"))
                .findFirst().orElseThrow().value(phi), 1e-12);
    }

    /** C(t) by its definition, and a configuration changed in place is measured anew. */
    @Test
    void sliceCorrelatorFollowsItsDefinitionAndTheConfiguration() {
        int L = 5;
        Phi4Lattice s = new Phi4Lattice(L, -4, 3);
        double[] phi = new SplittableRandom(4).doubles(L * L, -1, 1).toArray();
        for (int change = 0; change < 3; change++) {
            phi[7] += 0.5 * change; // in place, as a chain's state is updated
            for (int t = 0; t <= L / 2; t++) {
                double sum = 0;
                for (int y = 0; y < L; y++) {
                    for (int x = 0; x < L; x++) {
                        for (int other = 0; other < L; other++) { // sources (x, y); both directions, the whole slice
                            sum += phi[y * L + x] * (phi[((y + t) % L) * L + other] + phi[other * L + (x + t) % L]);
                        }
                    }
                }
                assertEquals(sum / (2 * L * L), s.sliceCorrelator(phi, t), 1e-12, "C(" + t + ")");
            }
        }
    }

    @Test
    void theVacuaMinimiseTheHomogeneousAction() {
        Phi4Lattice s = new Phi4Lattice(4, -4, 8);
        assertEquals(0.5, s.vacuum(), 1e-15);
        List<double[]> states = s.metastableStates();
        assertEquals(2, states.size());
        assertEquals(0.5, states.get(0)[5], 1e-15);
        assertEquals(-0.5, states.get(1)[5], 1e-15);
        double[] g = new double[16];
        s.energyAndGradient(states.get(0), g);
        for (double gi : g) {
            assertEquals(0, gi, 1e-12, "the vacuum is stationary");
        }
        double[] shifted = states.get(0).clone();
        java.util.Arrays.fill(shifted, 0.55);
        assertTrue(s.energy(states.get(0)) < s.energy(shifted) && s.energy(states.get(0)) < s.energy(new double[16]));
        assertEquals(1, new Phi4Lattice(4, 1, 0).metastableStates().size(), "one state in the symmetric phase");
        assertTrue(new Phi4Lattice(4, 1, 0).exactReference().isPresent());
        assertTrue(s.exactReference().isEmpty());
    }

    @Test
    void translationsPointGroupAndFlipAreDistinctExactSymmetries() {
        int L = 4;
        Phi4Lattice s = new Phi4Lattice(L, -4, 8);
        SymmetryGroup<double[]> group = s.symmetries();
        assertEquals(16 * L * L, group.order());
        assertTrue(group.exact());
        double[] phi = new SplittableRandom(2).doubles(L * L, -1, 1).toArray();
        double[] out = new double[L * L];
        Set<List<Double>> images = new HashSet<>();
        for (int k = 0; k < group.order(); k++) {
            group.element(k).apply(phi, out);
            assertEquals(s.energy(phi), s.energy(out), 1e-12, group.element(k).name());
            images.add(java.util.Arrays.stream(out).boxed().toList());
        }
        assertEquals(group.order(), images.size(), "distinct elements act differently");
        group.signFlipSubgroup().element(1).apply(phi, out);
        assertEquals(-phi[3], out[3]);
    }

    @Test
    void couplingsWithoutAMinimumAreRejected() {
        for (Map<String, String> bad : List.of(Map.of("L", "1"), Map.of("lambda", "-0.1"),
                Map.of("lambda", "0", "m2", "0"), Map.of("lambda", "0", "m2", "-1"))) {
            B4jException e = assertThrows(B4jException.class, () -> Systems.create("phi4-lattice", bad), bad::toString);
            assertEquals(B4jException.Kind.BAD_INPUT, e.kind());
            assertTrue(e.getMessage().contains(bad.containsKey("L") ? "L" : bad.size() == 1 ? "lambda" : "m2 > 0"),
                    e.getMessage());
        }
    }
}
