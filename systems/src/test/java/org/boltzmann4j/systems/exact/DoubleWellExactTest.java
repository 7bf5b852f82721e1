package org.boltzmann4j.systems.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.boltzmann4j.core.B4jException;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;

class DoubleWellExactTest {

    /** Modified Bessel function I_nu(z) by its power series. */
    private static double besselI(double nu, double z) {
        double sum = 0;
        for (int k = 0; k < 80; k++) {
            sum += Math.pow(z / 2, 2 * k + nu) / (Gamma.gamma(k + 1) * Gamma.gamma(k + nu + 1));
        }
        return sum;
    }

    /** ln of the integral of exp(-q x^4 + c x^2) over the line, c > 0 (closed form). */
    private static double lnQuarticIntegral(double q, double c) {
        double z = c * c / (8 * q);
        return Math.log(Math.PI / 2 * Math.sqrt(c / (2 * q))) + z + Math.log(besselI(-0.25, z) + besselI(0.25, z));
    }

    @Test
    void untiltedWellMatchesBesselClosedForm() {
        for (double[] c : new double[][] {{1, 8}, {2, 1.5}, {0.5, 20}}) {
            double beta = c[0];
            double barrier = c[1];
            double b = beta * barrier; // U_0 = b x^4 - 2b x^2 + b
            for (int d : new int[] {1, 2, 5}) {
                DoubleWellExact w = DoubleWellExact.of(d, beta, barrier, 0);
                double exact = lnQuarticIntegral(b, 2 * b) - b + 0.5 * (d - 1) * Math.log(2 * Math.PI / beta);
                assertEquals(exact, w.lnZ(), 1e-10, "beta=" + beta + " barrier=" + barrier + " d=" + d);
                assertEquals(0.5, w.probabilityPositive(), 1e-14);
                assertEquals(0, w.meanX0(), 1e-14);
            }
            // <x^2> = d/dc ln integral of exp(-b x^4 + c x^2), at c = 2b
            double dc = 1e-4 * b;
            double x2 = (lnQuarticIntegral(b, 2 * b + dc) - lnQuarticIntegral(b, 2 * b - dc)) / (2 * dc);
            assertEquals(x2, DoubleWellExact.of(2, beta, barrier, 0).meanX0Squared(), 1e-7);
        }
    }

    @Test
    void tiltedWellSatisfiesStationarityIdentities() {
        double beta = 1;
        double barrier = 8;
        double tilt = 0.7;
        DoubleWellExact w = DoubleWellExact.of(2, beta, barrier, tilt);
        // integration by parts: <U'(x)> = 0 and <x U'(x)> = 1, U'(x) = beta (4 barrier x (x^2-1) + tilt)
        assertEquals(0, w.expectation(x -> beta * (4 * barrier * x * (x * x - 1) + tilt)), 1e-11);
        assertEquals(1, w.expectation(x -> x * beta * (4 * barrier * x * (x * x - 1) + tilt)), 1e-11);
        assertTrue(w.probabilityPositive() < 0.5 && w.meanX0() < 0);
        // well weights: the right well is higher by about 2 tilt beta = 1.4, so P(x > 0) ~ 1/(1 + e^1.4)
        assertEquals(1 / (1 + Math.exp(2 * tilt * beta)), w.probabilityPositive(), 0.03);
        DoubleWellExact mirrored = DoubleWellExact.of(2, beta, barrier, -tilt);
        assertEquals(1 - w.probabilityPositive(), mirrored.probabilityPositive(), 1e-13);
        assertEquals(w.lnZ(), mirrored.lnZ(), 1e-12);
    }

    @Test
    void matchesPlainRiemannSum() {
        double beta = 3;
        double barrier = 2;
        double tilt = -0.3;
        double step = 1e-5;
        double z = 0;
        double zPos = 0;
        double first = 0;
        for (double x = -4 + step / 2; x < 4; x += step) {
            double e = Math.exp(-beta * (barrier * (x * x - 1) * (x * x - 1) + tilt * x));
            z += e;
            zPos += x > 0 ? e : 0;
            first += x * e;
        }
        DoubleWellExact w = DoubleWellExact.of(1, beta, barrier, tilt);
        assertEquals(Math.log(z * step), w.lnZ(), 1e-8);
        assertEquals(zPos / z, w.probabilityPositive(), 1e-8);
        assertEquals(first / z, w.meanX0(), 1e-8);
        assertEquals(Math.exp(-beta * (barrier * 0.0 + tilt * 1.0) - w.lnZ()), w.density(1.0), 1e-10);
    }

    @Test
    void freeEnergyAndBins() {
        DoubleWellExact w = DoubleWellExact.of(2, 1, 8, 0.5);
        double[] f = w.freeEnergy(new double[] {-1, 0, 1});
        assertEquals(0, f[0], 1e-12); // tilt > 0 lowers x = -1
        assertEquals(8 + 0.5, f[1], 1e-12);
        assertEquals(1.0, f[2], 1e-12);
        double total = 0;
        for (double p : w.binProbabilities(-3, 3, 30)) {
            total += p;
        }
        assertEquals(1.0, total, 1e-12);
        double positive = 0;
        for (double p : w.binProbabilities(0, 10, 7)) {
            positive += p;
        }
        assertEquals(w.probabilityPositive(), positive, 1e-12);
        assertThrows(B4jException.class, () -> DoubleWellExact.of(2, 1, 0, 0));
    }
}
