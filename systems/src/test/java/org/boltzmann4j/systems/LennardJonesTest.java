package org.boltzmann4j.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.system.GroupAction;
import org.junit.jupiter.api.Test;

class LennardJonesTest {

    private static LennardJones lj(Map<String, String> set) {
        return (LennardJones) Systems.create("lj", set);
    }

    @Test
    void twoParticlesAtTheMinimumDistanceHaveEnergyMinusEpsBeta() {
        LennardJones s = lj(Map.of("n", "2", "dim", "3", "k", "0", "beta", "2", "eps", "1.5", "rm", "1.3"));
        double[] x = {0.1, 0.2, 0.3, 0.1 + 1.3, 0.2, 0.3};
        assertEquals(-1.5 * 2, s.energy(x), 1e-12);
        double[] g = new double[6];
        s.energyAndGradient(x, g);
        for (double v : g) {
            assertEquals(0, v, 1e-10);
        }
    }

    @Test
    void harmonicTrapIsAboutTheCentreOfMass() {
        LennardJones s = lj(Map.of("n", "2", "dim", "2", "k", "2", "eps", "1e-6"));
        double[] x = {5, 5, 7, 5}; // |x_i - com| = 1 each: k/2 * 2 = 2
        assertEquals(2, s.energy(x), 1e-6);
    }

    @Test
    void lj13QuenchReachesTheIcosahedronFromAFixedSeed() {
        LennardJones s = lj(Map.of("preset", "lj13", "k", "0"));
        SplittableRandom rng = new SplittableRandom(1);
        double best = Double.POSITIVE_INFINITY;
        for (int start = 0; start < 20 && best > -44.3267; start++) {
            double[] x = LennardJones.quench(s, s.randomStart(rng), 20000);
            best = Math.min(best, s.energy(x));
        }
        assertEquals(-44.326801, best, 1e-4, "LJ13 global minimum");
    }

    @Test
    void energyIsInvariantUnderPermutationsRotationsAndTranslations() {
        for (String preset : List.of("lj13", "lj7-2d")) {
            LennardJones s = lj(Map.of("preset", preset));
            GroupAction<double[]> g = s.symmetryAction();
            SplittableRandom rng = new SplittableRandom(3);
            double[] x = s.metastableStates().get(0).clone();
            for (int i = 0; i < x.length; i++) {
                x[i] += 0.05 * rng.nextGaussian();
            }
            double u = s.energy(x);
            double[] y = new double[x.length];
            for (int r = 0; r < 10; r++) {
                g.applyRandom(x, y, rng);
                assertEquals(u, s.energy(y), 1e-9 * Math.max(1, Math.abs(u)), preset);
                double[] shift = {3 * rng.nextGaussian(), 3 * rng.nextGaussian(), 3 * rng.nextGaussian()};
                for (int i = 0; i < y.length; i++) {
                    y[i] += shift[i % s.spatialDimension()];
                }
                assertEquals(u, s.energy(y), 1e-9 * Math.max(1, Math.abs(u)), preset + " translated");
                if (preset.equals("lj7-2d")) {
                    assertEquals(s.coordinationMoment(x, 2), s.coordinationMoment(y, 2), 1e-9);
                    assertEquals(s.coordinationMoment(x, 3), s.coordinationMoment(y, 3), 1e-9);
                }
            }
        }
    }

    @Test
    void presetsSetTheSizeAndConflictsAreBadInput() {
        assertEquals(7, lj(Map.of("preset", "lj7-2d")).particles());
        assertEquals(2, lj(Map.of("preset", "lj7-2d")).spatialDimension());
        assertEquals(55, lj(Map.of("preset", "lj55", "n", "55")).particles());
        assertEquals(14, lj(Map.of("dim", "3", "n", "14")).particles());
        for (Map<String, String> bad : List.of(Map.of("preset", "lj7-2d", "n", "8"),
                Map.of("preset", "lj7-2d", "dim", "2", "n", "9"), Map.of("preset", "lj55", "dim", "2"),
                Map.of("preset", "lj7-2d", "k", "0"), Map.of("preset", "lj14"))) {
            B4jException e = assertThrows(B4jException.class, () -> lj(bad), bad.toString());
            assertEquals(B4jException.Kind.BAD_INPUT, e.kind());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void lj7TwoDimensionalHasCoordinationOrderParametersAndCheapMinima() {
        LennardJones s = lj(Map.of("preset", "lj7-2d"));
        List<double[]> states = s.metastableStates();
        // the four isomers, lowest first, told apart by (mu2, mu3)
        assertEquals(4, states.size());
        double[][] isomers = {{-9.5749, 0.6411, 1.0477}, {-8.0670, 0.9350, 0.2790}, {-7.8554, 0.7612, 0.2985},
            {-7.3492, 0.6754, -0.1272}};
        for (int i = 0; i < 4; i++) {
            assertEquals(isomers[i][0], s.energy(states.get(i)), 1e-3, "U of isomer " + i);
            assertEquals(isomers[i][1], s.coordinationMoment(states.get(i), 2), 1e-3, "mu2 of isomer " + i);
            assertEquals(isomers[i][2], s.coordinationMoment(states.get(i), 3), 1e-3, "mu3 of isomer " + i);
        }
        assertEquals(List.of("energy", "mu2", "mu3"), s.observables().stream().map(o -> o.name()).toList());
        assertEquals("mu2", s.orderParameters().get(0).name());
        double[] x = states.get(0);
        // without the trap, the quench from the lowest state reaches the hexagon, the LJ7 2D global minimum
        LennardJones free = lj(Map.of("n", "7", "dim", "2", "k", "0"));
        assertEquals(-12.5347, free.energy(LennardJones.quench(free, x.clone(), 20000)), 1e-3);
        double mu2 = s.coordinationMoment(x, 2);
        assertTrue(mu2 > 0 && mu2 < 1.5, "mu2 " + mu2);
    }

    /**
     * lj7-2d labels a configuration with the isomer its quench reaches: each isomer itself, and thermal
     * snapshots at β = 5 as a long quench does, including the distorted hexagons that lie nearer to
     * isomer 2 in (μ₂, μ₃); other clusters declare no label.
     */
    @Test
    void lj7TwoDimensionalLabelsIsomersByQuenching() {
        LennardJones s = lj(Map.of("preset", "lj7-2d", "beta", "5"));
        LennardJones unit = lj(Map.of("preset", "lj7-2d", "beta", "1"));
        assertEquals("isomer", s.stateLabel().name());
        List<double[]> states = s.metastableStates();
        for (int i = 0; i < states.size(); i++) {
            assertEquals(i, s.stateLabel().value(states.get(i)), "isomer " + i);
        }
        double[] minima = states.stream().mapToDouble(unit::energy).toArray();
        SplittableRandom rng = new SplittableRandom(7);
        double[] x = states.get(0).clone();
        double u = s.energy(x);
        int snapshots = 0;
        int agree = 0;
        int offHexagon = 0;
        for (int sweep = 0; sweep < 40_000; sweep++) {
            for (int m = 0; m < 7; m++) {
                int p = rng.nextInt(7);
                double[] y = x.clone();
                y[2 * p] += 0.15 * (2 * rng.nextDouble() - 1);
                y[2 * p + 1] += 0.15 * (2 * rng.nextDouble() - 1);
                double uy = s.energy(y);
                if (uy <= u || rng.nextDouble() < Math.exp(u - uy)) {
                    x = y;
                    u = uy;
                }
            }
            if (sweep % 100 == 99) {
                double e = unit.energy(LennardJones.quench(unit, x.clone(), 4000));
                int truth = 0;
                for (int i = 1; i < minima.length; i++) {
                    truth = Math.abs(minima[i] - e) < Math.abs(minima[truth] - e) ? i : truth;
                }
                snapshots++;
                agree += s.isomer(x) == truth ? 1 : 0;
                offHexagon += truth != 0 ? 1 : 0;
            }
        }
        assertEquals(snapshots, agree, "the label is the long quench's isomer");
        assertTrue(offHexagon > 0, "the chain left the hexagon at beta = 5: " + offHexagon);
        assertEquals(null, lj(Map.of("preset", "lj13")).stateLabel());
    }

    @Test
    void particleEnergyChangeMatchesTheDifference() {
        LennardJones s = lj(Map.of());
        double[] x = s.metastableStates().get(0).clone();
        double[] pos = {x[3] + 0.1, x[4] - 0.05, x[5] + 0.02};
        double u = s.energy(x);
        double[] y = x.clone();
        System.arraycopy(pos, 0, y, 3, 3);
        assertEquals(s.energy(y) - u, s.particleEnergyChange(x, 1, pos), 1e-10);
    }

    /** The 13-particle Mackay icosahedron: a central particle and the 12 vertices (0, ±1, ±φ) and cyclic permutations. */
    private static double[] icosahedron() {
        double phi = (1 + Math.sqrt(5)) / 2;
        double scale = 0.95 / Math.sqrt(1 + phi * phi);
        double[] x = new double[39];
        int p = 1;
        for (int axis = 0; axis < 3; axis++) {
            for (double a : new double[] {-1, 1}) {
                for (double b : new double[] {-phi, phi}) {
                    x[3 * p + (axis + 1) % 3] = scale * a;
                    x[3 * p + (axis + 2) % 3] = scale * b;
                    p++;
                }
            }
        }
        return x;
    }

    @Test
    void meanCoordinationSeparatesTheIcosahedronFromTheOtherLj13Minima() {
        LennardJones s = lj(Map.of("preset", "lj13"));
        LennardJones free = lj(Map.of("preset", "lj13", "k", "0"));
        double[] ico = LennardJones.quench(free, icosahedron(), 5000);
        assertEquals(-44.326801, free.energy(ico), 1e-5, "the quench stays at the icosahedron");
        var op = s.orderParameters().get(0);
        assertEquals(List.of("mean_coordination"), s.orderParameters().stream().map(o -> o.name()).toList());
        assertEquals(List.of("energy", "mean_coordination"), s.observables().stream().map(o -> o.name()).toList());
        assertTrue(op.observable().value(ico) > op.centre() + op.threshold(), "icosahedron " + op.observable().value(ico));
        List<double[]> states = s.metastableStates();
        assertTrue(op.observable().value(states.get(0)) > op.centre() + op.threshold(), "lowest quenched minimum");
        for (double[] x : states.subList(1, states.size())) {
            assertTrue(op.observable().value(x) < op.centre() - op.threshold(), "higher minimum " + op.observable().value(x));
        }
        double[] y = new double[ico.length];
        s.symmetryAction().applyRandom(ico, y, new SplittableRandom(2));
        assertEquals(op.observable().value(ico), op.observable().value(y), 1e-10);
        assertEquals("mean_coordination", lj(Map.of("preset", "lj55")).orderParameters().get(0).name());
        assertTrue(lj(Map.of()).orderParameters().isEmpty(), "no order parameter without a preset");
    }
}
