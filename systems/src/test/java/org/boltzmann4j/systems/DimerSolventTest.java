package org.boltzmann4j.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.system.ExactReference;
import org.boltzmann4j.system.GroupAction;
import org.boltzmann4j.system.ParticleRotations;
import org.boltzmann4j.system.SymmetryGroup;
import org.boltzmann4j.systems.exact.DimerExact;
import org.junit.jupiter.api.Test;

class DimerSolventTest {

    private static DimerSolvent dimer(Map<String, String> set) {
        return (DimerSolvent) Systems.create("dimer-solvent", set);
    }

    private static double[] perturbed(double[] x, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += scale * rng.nextGaussian();
        }
        return y;
    }

    @Test
    void bondDoubleWellHasItsBarrierTopBetweenTheClosedAndOpenMinima() {
        // u'(d) = 25 y^3 - 10 y - 0.5, y = d - 1.5: roots near -0.62, -0.0503, +0.64
        assertEquals(1.44968, DimerSolvent.D_BARRIER, 1e-5);
        assertEquals(0.8942, DimerSolvent.D_CLOSED, 1e-4);
        assertEquals(2.1561, DimerSolvent.D_OPEN, 1e-4);
        for (double d : new double[] {DimerSolvent.D_CLOSED, DimerSolvent.D_BARRIER, DimerSolvent.D_OPEN}) {
            double h = 1e-6;
            assertEquals(0, (DimerSolvent.bond(d + h) - DimerSolvent.bond(d - h)) / (2 * h), 1e-6);
        }
        assertTrue(DimerSolvent.bond(DimerSolvent.D_OPEN) < DimerSolvent.bond(DimerSolvent.D_CLOSED), "c < 0 tilts to open");
    }

    @Test
    void gradientAndParticleMovesAgreeWithTheEnergy() {
        DimerSolvent s = dimer(Map.of());
        for (double[] state : s.metastableStates()) {
            double[] x = perturbed(state, 0.05, 7);
            int out = 4;
            for (int i = 4; i < x.length; i++) {
                out = Math.abs(x[i]) > Math.abs(x[out]) ? i : out;
            }
            x[out] += 0.3 * Math.signum(x[out]); // the outermost solvent particle pushed into the wall
            assertTrue(Math.abs(x[out]) > DimerSolvent.L_BOX);
            double u = s.energy(x);
            double[] g = new double[x.length];
            assertEquals(u, s.energyAndGradient(x, g), 1e-10 * Math.abs(u));
            for (int i = 0; i < x.length; i++) {
                double h = 1e-6;
                double[] y = x.clone();
                y[i] += h;
                double up = s.energy(y);
                y[i] -= 2 * h;
                double fd = (up - s.energy(y)) / (2 * h);
                assertEquals(fd, g[i], 1e-5 * Math.max(1, Math.abs(fd)), "dU/dx_" + i);
            }
            for (int p : new int[] {0, 1, 2, 20}) {
                double[] pos = {x[2 * p] + 0.07, x[2 * p + 1] - 0.04};
                double[] y = x.clone();
                System.arraycopy(pos, 0, y, 2 * p, 2);
                assertEquals(s.energy(y) - u, s.particleEnergyChange(x, p, pos), 1e-9 * Math.abs(u), "particle " + p);
            }
        }
    }

    @Test
    void energyIsInvariantUnderReflectionsDimerExchangeAndSolventPermutationsOnly() {
        DimerSolvent s = dimer(Map.of());
        double[] x = perturbed(s.metastableStates().get(1), 0.05, 3);
        double u = s.energy(x);
        SplittableRandom rng = new SplittableRandom(4);
        double[] y = new double[x.length];
        GroupAction<double[]> action = s.symmetryAction();
        double order = 2 * 4;
        for (int m = 2; m <= 36; m++) {
            order *= m;
        }
        assertEquals(order, action.cardinality(), 1e-12 * order, "S_2 x S_36 x 4 reflections");
        for (int r = 0; r < 20; r++) {
            action.applyRandom(x, y, rng);
            assertEquals(u, s.energy(y), 1e-9 * Math.abs(u));
        }
        SymmetryGroup<double[]> reflections = s.symmetries();
        for (int k = 0; k < reflections.order(); k++) {
            reflections.element(k).apply(x, y);
            assertEquals(u, s.energy(y), 1e-9 * Math.abs(u), reflections.element(k).name());
        }
        // restraints and walls fix a frame: no translation or rotation invariance
        for (int i = 0; i < x.length; i += 2) {
            y[i] = x[i] + 0.1;
            y[i + 1] = x[i + 1];
        }
        assertTrue(Math.abs(s.energy(y) - u) > 1, "a translation changes U");
        new ParticleRotations(2, false, false).applyRandom(x, y, rng);
        assertTrue(Math.abs(s.energy(y) - u) > 1, "a rotation changes U");
    }

    @Test
    void metastableStatesAreClosedAndOpenQuenchedInsideTheBox() {
        DimerSolvent s = dimer(Map.of());
        List<double[]> states = s.metastableStates();
        assertEquals(2, states.size());
        double closed = s.orderParameters().get(0).observable().value(states.get(0));
        double open = s.orderParameters().get(0).observable().value(states.get(1));
        assertTrue(closed < DimerSolvent.D_BARRIER - 0.3 && open > DimerSolvent.D_BARRIER + 0.3, closed + " " + open);
        for (double[] x : states) {
            double[] g = new double[x.length];
            s.energyAndGradient(x, g);
            double norm = 0;
            for (int i = 0; i < x.length; i++) {
                norm += g[i] * g[i];
                assertTrue(Math.abs(x[i]) < DimerSolvent.L_BOX + 0.2);
            }
            assertTrue(Math.sqrt(norm) < 1e-3, "quenched to a minimum: |grad U| = " + Math.sqrt(norm));
        }
        assertEquals(0.0, s.observables().get(2).value(states.get(0)));
        assertEquals(1.0, s.observables().get(2).value(states.get(1)));
    }

    /** The exact marginal of d (polar coordinates, Bessel angle integral) against a plain 2D grid over x_1 - x_0. */
    @Test
    void exactReferenceAgreesWithAGridOverTheRelativeCoordinates() {
        double beta = 1.3;
        double k = DimerSolvent.K_D;
        DimerExact exact = new DimerExact(beta, k, DimerSolvent::bond, DimerSolvent.D_BARRIER);
        double h = 0.004;
        double z = 0;
        double meanD = 0;
        double open = 0;
        double energy = 0;
        for (double xi = -3.5 + h / 2; xi < 3.5; xi += h) {
            for (double eta = -1.5 + h / 2; eta < 1.5; eta += h) {
                double d = Math.hypot(xi, eta);
                double e = DimerSolvent.bond(d) + k * eta * eta / 2; // (x0+x1)^2 + y0^2 + y1^2 = 4X^2 + 2Y^2 + eta^2/2
                double w = Math.exp(-beta * e);
                z += w;
                meanD += w * d;
                open += d > DimerSolvent.D_BARRIER ? w : 0;
                energy += w * e;
            }
        }
        assertEquals(meanD / z, exact.meanDistance(), 1e-6);
        assertEquals(open / z, exact.probabilityOpen(), 2e-3);
        assertEquals(energy / z + 1 / beta, exact.meanEnergy(), 1e-6);
        double lnZ = Math.log(z * h * h) + Math.log(Math.PI / (4 * beta * k)) / 2 + Math.log(Math.PI / (2 * beta * k)) / 2;
        assertEquals(lnZ, exact.lnZ(), 1e-6);
        ExactReference ref = dimer(Map.of("solvent", "0")).exactReference().orElseThrow();
        assertEquals(3, ref.observables().size());
        assertTrue(ref.lnZ().isPresent());
        assertTrue(dimer(Map.of("solvent", "1")).exactReference().isEmpty());
    }

    @Test
    void solventOutOfRangeIsBadInput() {
        for (String bad : List.of("-1", "65", "100000", "many")) {
            B4jException e = assertThrows(B4jException.class, () -> dimer(Map.of("solvent", bad)), bad);
            assertEquals(B4jException.Kind.BAD_INPUT, e.kind());
            assertTrue(e.getMessage().contains("solvent"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }
}
