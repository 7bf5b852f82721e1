package org.boltzmann4j.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.system.ContinuousSystem;
import org.junit.jupiter.api.Test;

/** Energies and states of the continuous systems against their formulas (the registry contract covers the rest). */
class ContinuousSystemsTest {

    @Test
    void phi4ChainEnergyMatchesTheContractFormula() {
        // N = 3, beta = 2, a = 0.5, h = 0.1: dx = 1/4
        ContinuousSystem s = (ContinuousSystem) Systems.create("phi4-chain",
                Map.of("N", "3", "beta", "2", "a", "0.5", "h", "0.1"));
        double[] x = {0.3, -0.7, 1.2};
        double dx = 0.25;
        double[] p = {0, 0.3, -0.7, 1.2, 0};
        double grad = 0;
        for (int i = 1; i <= 4; i++) {
            grad += (p[i] - p[i - 1]) * (p[i] - p[i - 1]);
        }
        double pot = 0;
        double field = 0;
        for (int i = 1; i <= 3; i++) {
            pot += (1 - p[i] * p[i]) * (1 - p[i] * p[i]);
            field += p[i];
        }
        double expected = 2 * (0.5 / (2 * dx) * grad + dx / (4 * 0.5) * pot + 0.1 * dx * field);
        assertEquals(expected, s.energy(x), 1e-12);
    }

    @Test
    void theFieldBreaksTheDeclaredSymmetries() {
        assertTrue(Systems.create("phi4-chain", Map.of("N", "11")).symmetries().exact());
        assertTrue(!Systems.create("phi4-chain", Map.of("N", "11", "h", "0.1")).symmetries().exact());
    }

    @Test
    void metastableStatesAreTheLowestOfSimpleCandidates() {
        ContinuousSystem s = (ContinuousSystem) Systems.create("phi4-chain", Map.of());
        double plus = s.energy(s.metastableStates().get(0));
        double zero = s.energy(new double[s.dimension()]);
        double[] kink = s.metastableStates().get(0).clone();
        for (int i = kink.length / 2; i < kink.length; i++) {
            kink[i] = -kink[i];
        }
        assertTrue(plus < zero && plus < s.energy(kink), "U(+) = " + plus + ", U(0) = " + zero);
    }

    @Test
    void badParametersAreRejectedWithTheKeyAndTheAllowedRange() {
        B4jException e = assertThrows(B4jException.class, () -> Systems.create("phi4-chain", Map.of("N", "1")));
        assertEquals(B4jException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("N=1") && e.getMessage().contains("[2, 4096]"), e.getMessage());
        e = assertThrows(B4jException.class, () -> Systems.create("phi4-chain", Map.of("hh", "1")));
        assertTrue(e.getMessage().contains("unknown key 'hh'"), e.getMessage());
        e = assertThrows(B4jException.class, () -> Systems.create("nope", Map.of()));
        assertTrue(e.getMessage().contains("unknown system 'nope'"), e.getMessage());
        e = assertThrows(B4jException.class, () -> Systems.create("phi4-chain", Map.of("beta", "NaN")));
        assertTrue(e.getMessage().contains("beta=NaN"), e.getMessage());
    }
}
