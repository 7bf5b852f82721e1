package org.boltzmann4j.systems.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.boltzmann4j.system.Observable;
import org.boltzmann4j.systems.Phi4Lattice;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The free-field closed forms against an independent computation: the dense matrix A of S = φᵀAφ,
 * built bond by bond and checked against the system's action, its Cholesky determinant and inverse
 * (Hipparchus) at L = 4 and 8 — ln Z, G(x), the slice correlator C(t) (the closed form and the
 * Gaussian mean of the lattice's estimator) and ξ₂ — and a brute-force grid quadrature of the four
 * coordinates at L = 2.
 */
class FreeFieldTest {

    @ParameterizedTest(name = "L = {0}, m2 = {1}")
    @CsvSource({"4, 1", "4, 0.3", "8, 1", "8, 0.05"})
    void lnZAndTwoPointFunctionMatchTheDenseGaussian(int L, double m2) {
        int n = L * L;
        RealMatrix a = new Array2DRowRealMatrix(n, n);
        for (int y = 0; y < L; y++) {
            for (int x = 0; x < L; x++) {
                int i = y * L + x;
                a.addToEntry(i, i, m2);
                for (int j : new int[] {y * L + (x + 1) % L, ((y + 1) % L) * L + x}) {
                    a.addToEntry(i, i, 1);
                    a.addToEntry(j, j, 1);
                    a.addToEntry(i, j, -1);
                    a.addToEntry(j, i, -1);
                }
            }
        }
        Phi4Lattice lattice = new Phi4Lattice(L, m2, 0);
        double[] phi = new SplittableRandom(3).doubles(n, -1, 1).toArray();
        assertEquals(dot(phi, a.operate(phi)), lattice.energy(phi), 1e-10 * n,
                "S = phi^T A phi");

        CholeskyDecomposition cholesky = new CholeskyDecomposition(a);
        double lnZ = 0.5 * n * Math.log(Math.PI) - 0.5 * Math.log(cholesky.getDeterminant());
        FreeField free = FreeField.of(L, m2);
        assertEquals(lnZ, free.lnZ(), 1e-10 * Math.abs(lnZ));

        RealMatrix covariance = cholesky.getSolver().getInverse().scalarMultiply(0.5);
        for (int y = 0; y < L; y++) {
            for (int x = 0; x < L; x++) {
                assertEquals(covariance.getEntry(0, y * L + x), free.twoPoint(x, y), 1e-10, "G(" + x + "," + y + ")");
                // translation invariance of the dense covariance: G between (1,2) and (1+x, 2+y)
                int from = 2 * L + 1;
                int to = ((2 + y) % L) * L + (1 + x) % L;
                assertEquals(covariance.getEntry(from, to), free.twoPoint(x, y), 1e-10);
            }
        }
        double varM = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                varM += covariance.getEntry(i, j);
            }
        }
        assertEquals(varM / ((double) n * n), free.magnetizationVariance(), 1e-12);
        assertEquals(1 / (2 * m2), free.twoPointZeroMomentum(), 1e-12);

        // C(t): the sum of the dense G over a slice, and the mean of the lattice's per-configuration
        // estimator, a quadratic form phi^T B phi whose Gaussian mean is tr(B Cov)
        double[] correlator = new double[L / 2 + 1];
        for (int t = 0; t <= L / 2; t++) {
            double slice = 0;
            for (int x = 0; x < L; x++) {
                slice += covariance.getEntry(0, t * L + x);
            }
            assertEquals(slice, free.sliceCorrelator(t), 1e-10, "C(" + t + ")");
            int separation = t;
            RealMatrix b = quadraticForm(n, phiOf -> lattice.sliceCorrelator(phiOf, separation));
            correlator[t] = b.multiply(covariance).getTrace();
            assertEquals(free.sliceCorrelator(t), correlator[t], 1e-10, "<C(" + t + ")> of the estimator");
        }
        // xi_2 from the dense G: G~(p) = sum_x G(x) cos(p x1), against 1/m and the lattice's function of C(t)
        double chi = 0;
        double atMinimum = 0;
        for (int y = 0; y < L; y++) {
            for (int x = 0; x < L; x++) {
                chi += covariance.getEntry(0, y * L + x);
                atMinimum += covariance.getEntry(0, y * L + x) * Math.cos(2 * Math.PI * y / L);
            }
        }
        double sin = Math.sin(Math.PI / L);
        double xi = Math.sqrt((chi / atMinimum - 1) / (4 * sin * sin));
        assertEquals(xi, free.secondMomentCorrelationLength(), 1e-9);
        assertEquals(xi, lattice.correlationLength(correlator), 1e-9);
        assertEquals(xi, lattice.exactReference().orElseThrow().observables().get(Phi4Lattice.CORRELATION_LENGTH),
                1e-9);
    }

    /** The symmetric B of a quadratic form q(phi) = phi^T B phi, from q on unit vectors and their sums. */
    private static RealMatrix quadraticForm(int n, ToDoubleFunction<double[]> q) {
        RealMatrix b = new Array2DRowRealMatrix(n, n);
        double[] e = new double[n];
        double[] diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = 1;
            diagonal[i] = q.applyAsDouble(e);
            b.setEntry(i, i, diagonal[i]);
            e[i] = 0;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                e[i] = 1;
                e[j] = 1;
                double offDiagonal = (q.applyAsDouble(e) - diagonal[i] - diagonal[j]) / 2;
                b.setEntry(i, j, offDiagonal);
                b.setEntry(j, i, offDiagonal);
                e[i] = 0;
                e[j] = 0;
            }
        }
        return b;
    }

    /** 64⁴ midpoint points on [-4, 4]⁴ (each φ_x has standard deviation 0.5): Z and the observable means by direct summation. */
    @Test
    void lnZAndObservablesMatchGridQuadratureAtL2() {
        Phi4Lattice lattice = new Phi4Lattice(2, 0.7, 0);
        int points = 64;
        double half = 4;
        double h = 2 * half / points;
        List<Observable<double[]>> observables = lattice.observables();
        double z = 0;
        double[] sums = new double[observables.size()];
        double[] x = new double[4];
        for (int index = 0; index < points * points * points * points; index++) {
            int rest = index;
            for (int i = 0; i < 4; i++) {
                x[i] = -half + h * (rest % points + 0.5);
                rest /= points;
            }
            double w = Math.exp(-lattice.energy(x));
            z += w;
            for (int o = 0; o < sums.length; o++) {
                sums[o] += w * observables.get(o).value(x);
            }
        }
        FreeField free = FreeField.of(2, 0.7);
        assertEquals(Math.log(z * Math.pow(h, 4)), free.lnZ(), 1e-9);
        var exact = lattice.exactReference().orElseThrow().observables();
        for (int o = 0; o < sums.length; o++) {
            String name = observables.get(o).name();
            // the midpoint rule is spectrally accurate for smooth integrands, O(h²) across the kink of |M|
            assertEquals(exact.get(name), sums[o] / z, name.equals("abs_magnetization") ? 1e-3 : 1e-9, name);
        }
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }
}
