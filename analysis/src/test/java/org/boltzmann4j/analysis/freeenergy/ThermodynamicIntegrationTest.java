package org.boltzmann4j.analysis.freeenergy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import org.boltzmann4j.analysis.freeenergy.ThermodynamicIntegration.Node;
import org.boltzmann4j.analysis.freeenergy.ThermodynamicIntegration.Result;
import org.boltzmann4j.core.B4jException;
import org.junit.jupiter.api.Test;

class ThermodynamicIntegrationTest {

    static List<Node> nodes(double a, double b, int count, DoubleUnaryOperator f, double sigma, SplittableRandom rng) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double t = a + i * (b - a) / (count - 1);
            nodes.add(new Node(f.applyAsDouble(t) + (rng == null ? 0 : sigma * rng.nextGaussian()), sigma));
        }
        return nodes;
    }

    @Test
    void simpsonIsExactOnCubicsAndItsQuadratureErrorIsZeroThere() {
        Result r = ThermodynamicIntegration.simpson(0, 2, nodes(0, 2, 5, t -> t * t * t - t, 0, null));
        assertEquals(2.0, r.difference(), 1e-13);
        assertEquals(0, r.quadrature(), 1e-13);
        assertEquals(0, r.statistical());
    }

    @Test
    void richardsonEstimatesTheActualQuadratureError() {
        for (int count : new int[] {5, 9, 17}) {
            Result r = ThermodynamicIntegration.simpson(-1, 2, nodes(-1, 2, count, Math::exp, 0, null));
            double actual = Math.abs(r.difference() - (Math.exp(2) - Math.exp(-1)));
            assertTrue(actual > 0.5 * r.quadrature() && actual < 2 * r.quadrature(), count + " nodes: actual "
                    + actual + ", estimated " + r.quadrature());
        }
    }

    @Test
    void theStatisticalErrorIsTheSpreadOfTheIntegralOverNoisyNodes() {
        SplittableRandom rng = new SplittableRandom(3);
        int trials = 4000;
        double sum = 0;
        double sumSquares = 0;
        double claimed = 0;
        for (int k = 0; k < trials; k++) {
            Result r = ThermodynamicIntegration.simpson(0, Math.PI, nodes(0, Math.PI, 9, Math::sin, 0.1, rng));
            sum += r.difference();
            sumSquares += r.difference() * r.difference();
            claimed = r.statistical();
        }
        double mean = sum / trials;
        double spread = Math.sqrt(sumSquares / trials - mean * mean);
        assertEquals(claimed, spread, 0.05 * claimed);
        assertEquals(2.0, mean, 4 * spread / Math.sqrt(trials) + 1e-3);
    }

    @Test
    void badNodeCountsAndPathsAreRefused() {
        assertThrows(B4jException.class, () -> ThermodynamicIntegration.simpson(0, 1, nodes(0, 1, 7, t -> t, 0, null)));
        assertThrows(B4jException.class, () -> ThermodynamicIntegration.simpson(0, 1, nodes(0, 1, 3, t -> t, 0, null)));
        assertThrows(B4jException.class, () -> ThermodynamicIntegration.simpson(1, 1, nodes(0, 1, 5, t -> t, 0, null)));
    }
}
