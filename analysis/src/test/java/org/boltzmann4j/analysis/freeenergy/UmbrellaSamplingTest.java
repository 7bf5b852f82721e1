package org.boltzmann4j.analysis.freeenergy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.SingleSiteMetropolis;
import org.boltzmann4j.kernel.StepSize;
import org.boltzmann4j.sampler.UmbrellaRun;
import org.boltzmann4j.sampler.UmbrellaSampling;
import org.boltzmann4j.system.LinearCollectiveVariable;
import org.boltzmann4j.systems.DoubleWell;
import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;

class UmbrellaSamplingTest {

    private static final DoubleWell DW = new DoubleWell(Parameters.resolve(DoubleWell.NAME, DoubleWell.PARAMETERS, Map.of("d", "1")));
    private static UmbrellaRun small(LinearCollectiveVariable cv, double[] centres, double kappa, long seed) {
        return UmbrellaRuns.run(s -> new SingleSiteMetropolis(s, new StepSize(0.1, 0.44, true)), 2, 20, 50, DW, cv,
                centres, kappa, seed);
    }

    @Test
    void centresAndSpringConstant() {
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1}, UmbrellaSampling.centres(-1, 1, 5), 1e-15);
        assertEquals(16, UmbrellaSampling.kappaForSpacing(0.5), 1e-12); // bias sd = spacing / 2
        assertThrows(B4jException.class, () -> UmbrellaSampling.centres(1, -1, 5));
        assertThrows(B4jException.class, () -> UmbrellaSampling.kappaForSpacing(0));
        assertThrows(B4jException.class, () -> new UmbrellaSampling(s -> null, 0, 0.1, 10, 0));
        assertThrows(B4jException.class, () -> new UmbrellaSampling(s -> null, 4, 1, 10, 0));
    }

    @Test
    void runIsReproducibleAndWindowsFollowTheirCentres() {
        LinearCollectiveVariable x0 = LinearCollectiveVariable.coordinate("x0", 1, 0);
        double[] centres = {-1, 0, 1};
        UmbrellaRun a = small(x0, centres, 100, 9); // κ beats the barrier top's curvature -32
        UmbrellaRun b = small(x0, centres, 100, 9);
        UmbrellaRun c = small(x0, centres, 100, 10);
        assertEquals("x0", a.cvName());
        assertEquals(6, a.windows()); // each centre swept upward by one chain and downward by the other
        assertArrayEquals(new double[] {-1, -1, 0, 0, 1, 1}, a.centres());
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1}, a.pass());
        assertEquals(1, a.traces()[0].length);
        assertEquals(50, a.traces()[0][0].length);
        assertArrayEquals(a.traces()[3][0], b.traces()[3][0]);
        assertFalse(java.util.Arrays.equals(a.traces()[3][0], c.traces()[3][0]));
        assertTrue(a.energyEvaluations() > 3 * 2 * 70);
        assertEquals(3, a.only(1).windows());
        for (int k = 0; k < a.windows(); k++) {
            double mean = java.util.Arrays.stream(a.traces()[k][0]).average().orElseThrow();
            assertEquals(a.centres()[k], mean, 0.35, "window " + k);
        }
        assertEquals(0.5 * a.kappa() * 0.25, a.bias(2, 0.5), 1e-12);
    }

    @Test
    void slowWindowsAreReported() {
        UmbrellaRun sticky = WhamMbarTest.gaussianWindows(5, 2, 400, 0.995, 3);
        FreeEnergyEstimate e = Wham.defaults().estimate(sticky, -3, 3, 12);
        assertFalse(e.warnings().isEmpty());
        assertTrue(e.warnings().get(0).contains("independent samples"), e.warnings().get(0));
        UmbrellaRun iid = WhamMbarTest.gaussianWindows(5, 2, 400, 0, 3);
        assertTrue(Mbar.defaults().estimate(iid, -3, 3, 12).warnings().isEmpty());
        assertTrue(Wham.defaults().estimate(iid, -3, 3, 12).warnings().isEmpty());
    }

    @Test
    void basinFreeEnergyFromWeightedAndChainSamples() {
        // N(0, 1) sampled through N(0, 1.5²) with weights; basin B = x >= 0.5
        SplittableRandom rng = new SplittableRandom(4);
        int n = 40000;
        double[] x = new double[n];
        double[] lw = new double[n];
        double[][] direct = new double[4][n / 4];
        for (int i = 0; i < n; i++) {
            x[i] = 1.5 * rng.nextGaussian();
            lw[i] = -0.5 * x[i] * x[i] + 0.5 * x[i] * x[i] / 2.25;
            direct[i % 4][i / 4] = rng.nextGaussian();
        }
        double pB = 0.5 - 0.5 * Erf.erf(0.5 / Math.sqrt(2));
        double exact = Math.log((1 - pB) / pB);
        BasinFreeEnergy weighted = BasinFreeEnergy.fromWeighted(x, lw, 0.5);
        BasinFreeEnergy chains = BasinFreeEnergy.fromTraces(direct, 0.5);
        for (BasinFreeEnergy d : new BasinFreeEnergy[] {weighted, chains}) {
            assertEquals(exact, d.deltaF(), 4 * d.stderr());
            assertTrue(d.stderr() > 0.005 && d.stderr() < 0.05, "stderr " + d.stderr());
        }
        // binomial: var(ln((1-p)/p)) = 1 / (n p (1 - p))
        assertEquals(1 / Math.sqrt(n * pB * (1 - pB)), chains.stderr(), 0.1 / Math.sqrt(n * pB * (1 - pB)));
        assertEquals(Double.POSITIVE_INFINITY, BasinFreeEnergy.fromTraces(new double[][] {{-1, -2}}, 0).deltaF());
    }
}
