package org.boltzmann4j.systems.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.boltzmann4j.core.B4jException;
import org.junit.jupiter.api.Test;

class IsingExactTest {

    @Test
    void kaufmanMatchesEnumerationOnTinyTori() {
        for (int L = 2; L <= 4; L++) {
            for (double beta : new double[] {0.05, 0.2, 0.4406868, 0.7, 1.5}) {
                IsingExact.Values k = IsingExact.solve(L, beta);
                IsingEnumeration.Values e = IsingEnumeration.solve(L, beta, 1, 0);
                String at = "L=" + L + " beta=" + beta;
                assertEquals(e.lnZ(), k.lnZ(), 1e-10, at);
                assertEquals(e.energyPerSite(), k.energyPerSite(), 1e-10, at);
                assertEquals(e.specificHeatPerSite(), k.specificHeatPerSite(), 1e-10, at);
            }
        }
    }

    @Test
    void otherCouplingsMapToUnitCoupling() {
        for (double J : new double[] {0.7, -1.3, 0}) {
            int L = J < 0 ? 4 : 3;
            IsingExact.Values k = IsingExact.solve(L, 0.45, J);
            IsingEnumeration.Values e = IsingEnumeration.solve(L, 0.45, J, 0);
            assertEquals(e.lnZ(), k.lnZ(), 1e-10, "J=" + J);
            assertEquals(e.energyPerSite(), k.energyPerSite(), 1e-10, "J=" + J);
            assertEquals(e.specificHeatPerSite(), k.specificHeatPerSite(), 1e-10, "J=" + J);
        }
        assertThrows(B4jException.class, () -> IsingExact.solve(5, 0.4, -1));
    }

    @Test
    void derivativesAgreeWithFiniteDifferencesOfLnZ() {
        int L = 16;
        for (double beta : new double[] {0.3, 0.4406868, 0.6}) {
            IsingExact.Values v = IsingExact.solve(L, beta);
            // five-point stencils, truncation O(d^4): steps balance truncation against rounding
            double[] f = stencil(L, beta, 3e-4);
            assertEquals(-(f[0] - 8 * f[1] + 8 * f[3] - f[4]) / (12 * 3e-4) / (L * L), v.energyPerSite(), 1e-9);
            f = stencil(L, beta, 1e-3);
            double second = (-f[0] + 16 * f[1] - 30 * f[2] + 16 * f[3] - f[4]) / (12 * 1e-6);
            assertEquals(beta * beta * second / (L * L), v.specificHeatPerSite(), 1e-7);
        }
    }

    private static double[] stencil(int L, double beta, double d) {
        double[] f = new double[5];
        for (int k = 0; k < 5; k++) {
            f[k] = IsingExact.solve(L, beta + (k - 2) * d).lnZ();
        }
        return f;
    }

    @Test
    void referenceValuesAtL16() {
        // regression values of this implementation (validated above against enumeration and lnZ)
        IsingExact.Values c = IsingExact.solve(16, 0.4406868);
        assertEquals(0.932196324411711, c.lnZPerSite(), 1e-12);
        assertEquals(-1.453064902899443, c.energyPerSite(), 1e-12);
        assertEquals(1.498704888485215, c.specificHeatPerSite(), 1e-11);
    }

    @Test
    void largeLatticeApproachesOnsager() {
        // Onsager: at beta_c the infinite-lattice energy per site is -sqrt(2)
        IsingExact.Values v = IsingExact.solve(256, 0.5 * Math.log(1 + Math.sqrt(2)));
        assertEquals(-Math.sqrt(2), v.energyPerSite(), 5e-3);
        // deep in the ordered phase only the two ground states count: Z = 2 exp(2 beta N)
        IsingExact.Values cold = IsingExact.solve(64, 3.0);
        assertEquals(-2, cold.energyPerSite(), 1e-9);
        assertEquals(6.0 + Math.log(2) / (64 * 64), cold.lnZPerSite(), 1e-9);
    }

    @Test
    void enumerationWithFieldIsConsistent() {
        // <m> = (1/(N beta)) d lnZ / dh
        double beta = 0.5;
        double h = 0.3;
        double d = 1e-5;
        IsingEnumeration.Values v = IsingEnumeration.solve(3, beta, 1, h);
        double up = IsingEnumeration.solve(3, beta, 1, h + d).lnZ();
        double down = IsingEnumeration.solve(3, beta, 1, h - d).lnZ();
        assertEquals((up - down) / (2 * d) / (9 * beta), v.magnetizationPerSite(), 1e-8);
        assertEquals(0, IsingEnumeration.solve(3, beta, 1, 0).magnetizationPerSite(), 1e-14);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(B4jException.class, () -> IsingExact.solve(1, 0.4));
        assertThrows(B4jException.class, () -> IsingExact.solve(8, 0));
        assertThrows(B4jException.class, () -> IsingEnumeration.solve(5, 0.4, 1, 0));
    }

    @Test
    void infiniteTemperatureAbsMagnetizationIsTheBinomialMeanOfTheEnumeration() {
        assertEquals(1, IsingExact.infiniteTemperatureAbsMagnetization(1), 1e-15);
        assertEquals(0.5, IsingExact.infiniteTemperatureAbsMagnetization(2), 1e-15);
        for (int L = 2; L <= 4; L++) {
            assertEquals(IsingEnumeration.solve(L, 0, 1, 0).absMagnetizationPerSite(),
                    IsingExact.infiniteTemperatureAbsMagnetization(L * L), 1e-12, "L = " + L);
        }
    }
}
