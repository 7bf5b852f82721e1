package org.boltzmann4j.systems;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.Observable;
import org.boltzmann4j.system.Symmetry;
import org.boltzmann4j.system.SymmetryGroup;
import org.junit.jupiter.api.Test;

class Ising2dTest {

    private static byte[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] s = new byte[n];
        for (int i = 0; i < n; i++) {
            s[i] = (byte) (rng.nextBoolean() ? 1 : -1);
        }
        return s;
    }

    @Test
    void energyChangeIsTheEnergyDifference() {
        for (int L : new int[] {2, 3, 5}) {
            Ising2d ising = new Ising2d(L, 0.37, 0.8, -0.25);
            byte[] s = random(L * L, L);
            for (int i = 0; i < s.length; i++) {
                double before = ising.energy(s);
                double predicted = ising.energyChange(s, i);
                s[i] = (byte) -s[i];
                assertEquals(ising.energy(s) - before, predicted, 1e-12, "L=" + L + " site " + i);
            }
        }
    }

    @Test
    void energyCountsEveryBondOnceAndDoubleBondsOnTheTwoByTwoTorus() {
        byte[] up = new Ising2d(5, 1, 1, 0).metastableStates().get(0);
        assertEquals(-2.0 * 25, new Ising2d(5, 1, 1, 0).hamiltonian(up), 0);
        // 2 x 2: each site has its one horizontal partner twice and its one vertical partner twice
        assertEquals(-8.0, new Ising2d(2, 1, 1, 0).hamiltonian(new byte[] {1, 1, 1, 1}), 0);
        assertEquals(8.0, new Ising2d(2, 1, 1, 0).hamiltonian(new byte[] {1, -1, -1, 1}), 0);
        // U = beta (-J B - h M)
        Ising2d ising = new Ising2d(3, 0.5, 2, 0.5);
        byte[] s = random(9, 4);
        assertEquals(0.5 * (-2 * ising.bondSum(s) - 0.5 * Ising2d.magnetization(s)), ising.energy(s), 1e-12);
    }

    @Test
    void symmetryElementsAreBijectionsLeavingUInvariant() {
        int L = 4;
        Ising2d ising = new Ising2d(L, 0.4, 1, 0);
        SymmetryGroup<byte[]> group = ising.symmetries();
        assertEquals(16 * L * L, group.order());
        assertTrue(group.exact());
        assertEquals(SymmetryGroup.IDENTITY, group.element(0).name());
        byte[] s = random(L * L, 7);
        // label every site with a distinct value so that images show where sites go
        byte[] labels = new byte[L * L];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i + 1);
        }
        Set<String> names = new HashSet<>();
        Set<List<Byte>> images = new HashSet<>();
        byte[] out = new byte[L * L];
        for (int k = 0; k < group.order(); k++) {
            Symmetry<byte[]> g = group.element(k);
            names.add(g.name());
            g.apply(s, out);
            assertEquals(ising.energy(s), ising.energy(out), 1e-12, g.name());
            g.apply(labels, out);
            Set<Byte> seen = new HashSet<>();
            for (byte b : out) {
                seen.add((byte) Math.abs(b));
            }
            assertEquals(L * L, seen.size(), g.name() + " is not a bijection");
            List<Byte> image = new java.util.ArrayList<>();
            for (byte b : out) {
                image.add(b);
            }
            images.add(image);
        }
        assertEquals(group.order(), names.size());
        assertEquals(group.order(), images.size(), "distinct elements act differently for L = 4");
        group.element(0).apply(s, out);
        assertArrayEquals(s, out);
        SymmetryGroup<byte[]> flips = group.signFlipSubgroup();
        assertEquals(2, flips.order());
        flips.element(1).apply(s, out);
        for (int i = 0; i < s.length; i++) {
            assertEquals(-s[i], out[i]);
        }
    }

    @Test
    void fieldBreaksOnlyTheFlip() {
        Ising2d ising = new Ising2d(3, 0.4, 1, 0.2);
        SymmetryGroup<byte[]> group = ising.symmetries();
        assertFalse(group.exact());
        byte[] s = random(9, 3);
        byte[] out = new byte[9];
        for (int k = 0; k < group.order(); k += 2) {
            group.element(k).apply(s, out);
            assertEquals(ising.energy(s), ising.energy(out), 1e-12, group.element(k).name());
        }
        group.element(1).apply(s, out);
        assertEquals(ising.energy(s) + 2 * 0.4 * 0.2 * Ising2d.magnetization(s), ising.energy(out), 1e-12);
    }

    @Test
    void parametersObservablesAndStates() {
        Ising2d ising = new Ising2d(Parameters.resolve("system ising2d", Ising2d.PARAMETERS, Map.of()));
        assertEquals(16, ising.size());
        assertEquals(0.4406868, ising.inverseTemperature());
        assertEquals(List.of("energy_per_site", "magnetization_per_site", "abs_magnetization_per_site"),
                ising.observables().stream().map(Observable::name).toList());
        assertEquals("magnetization_per_site", ising.orderParameters().get(0).name());
        byte[] down = ising.metastableStates().get(1);
        assertEquals(-1, ising.observables().get(1).value(down), 0);
        assertEquals(1, ising.observables().get(2).value(down), 0);
        assertEquals(-2, ising.observables().get(0).value(down), 0);
        Ising2d hot = ising.atBeta(0.1);
        assertEquals(0.1, hot.inverseTemperature());
        assertEquals(0.1, hot.parameters().real("beta"));
        assertEquals(16, hot.size());
        assertEquals(0.1 / 0.4406868 * ising.energy(down), hot.energy(down), 1e-12);
        assertEquals(0.25 * 0.25 * 16 * 0.5, Ising2d.specificHeatPerSite(0.25, 4, 0.5), 1e-15);
    }

    @Test
    void badParametersAreRejected() {
        B4jException e = assertThrows(B4jException.class,
                () -> Parameters.resolve("system ising2d", Ising2d.PARAMETERS, Map.of("L", "1")));
        assertTrue(e.getMessage().startsWith("L=1 is not allowed"), e.getMessage());
        assertThrows(B4jException.class, () -> new Ising2d(Ising2d.MAX_L + 1, 0.4, 1, 0));
        assertThrows(B4jException.class, () -> new Ising2d(8, -1, 1, 0));
    }
}
