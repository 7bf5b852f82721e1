package org.boltzmann4j.analysis.freeenergy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.BiasedSystem;
import org.boltzmann4j.system.CollectiveVariable;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.LinearCollectiveVariable;
import org.boltzmann4j.systems.DoubleWell;
import org.boltzmann4j.systems.Phi4Chain;
import org.junit.jupiter.api.Test;

class BiasedSystemTest {

    private static Phi4Chain phi4(int n) {
        return new Phi4Chain(Parameters.resolve(Phi4Chain.NAME, Phi4Chain.PARAMETERS, Map.of("N", "" + n, "h", "0.3")));
    }

    /** energy = base + κ/2 (ξ - c)², gradient by central differences, single-site changes by two energies. */
    private static void assertConsistent(ContinuousSystem base, CollectiveVariable cv) {
        BiasedSystem s = new BiasedSystem(base, cv, 37.5, 0.3);
        SplittableRandom rng = new SplittableRandom(5);
        int d = s.dimension();
        for (int trial = 0; trial < 5; trial++) {
            double[] x = new double[d];
            for (int i = 0; i < d; i++) {
                x[i] = rng.nextGaussian();
            }
            double xi = cv.value(x);
            assertEquals(base.energy(x) + 0.5 * 37.5 * (xi - 0.3) * (xi - 0.3), s.energy(x), 1e-9);
            double[] g = new double[d];
            assertEquals(s.energy(x), s.energyAndGradient(x, g), 1e-9);
            for (int i = 0; i < d; i++) {
                double[] up = x.clone();
                double[] down = x.clone();
                up[i] += 1e-5;
                down[i] -= 1e-5;
                assertEquals((s.energy(up) - s.energy(down)) / 2e-5, g[i], 1e-4 * Math.max(1, Math.abs(g[i])), "gradient " + i);
                double v = x[i] + rng.nextGaussian();
                double[] moved = x.clone();
                moved[i] = v;
                assertEquals(s.energy(moved) - s.energy(x), s.energyChange(x, i, v), 1e-9, "change " + i);
            }
        }
    }

    @Test
    void singleCoordinateBiasOnTheDoubleWell() {
        DoubleWell dw = new DoubleWell(Parameters.resolve(DoubleWell.NAME, DoubleWell.PARAMETERS, Map.of("d", "3")));
        assertConsistent(dw, LinearCollectiveVariable.coordinate("x0", 3, 0));
    }

    @Test
    void weightedSumBiasOnThePhi4Chain() {
        Phi4Chain chain = phi4(6);
        assertConsistent(chain, LinearCollectiveVariable.coordinate("phi_mid", 6, chain.midIndex()));
        assertConsistent(chain, new LinearCollectiveVariable(new double[] {0.5, 0, -1, 0, 2, 0.25}));
    }

    @Test
    void nonlinearVariableUsesTheDefaultChange() {
        CollectiveVariable r2 = new CollectiveVariable() {
            @Override
            public String name() {
                return "r2";
            }

            @Override
            public double value(double[] x) {
                return x[0] * x[0] + x[1] * x[1];
            }

            @Override
            public void addGradient(double[] x, double scale, double[] gradient) {
                gradient[0] += scale * 2 * x[0];
                gradient[1] += scale * 2 * x[1];
            }
        };
        assertConsistent(phi4(3), r2);
    }

    @Test
    void linearVariableIsLocal() {
        LinearCollectiveVariable cv = new LinearCollectiveVariable("m", new double[] {0, 2, 0});
        double[] x = {1, 2, 3};
        assertEquals(4, cv.value(x));
        assertEquals(0, cv.change(x, 0, 7));
        assertEquals(-2, cv.change(x, 1, 1));
        assertEquals("m", new BiasedSystem(phi4(3), cv, 1, 0).observables().get(0).name());
        assertThrows(B4jException.class, () -> new LinearCollectiveVariable(new double[3]));
        assertThrows(B4jException.class, () -> new BiasedSystem(phi4(3), cv, -1, 0));
        assertThrows(B4jException.class, () -> LinearCollectiveVariable.coordinate("x", 3, 3));
    }
}
