package org.boltzmann4j.system;

import java.util.Optional;

import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * The Gaussian N(x*, H⁻¹) at a local minimum x* of U, with H the Hessian of U there: the quadratic
 * approximation of a metastable state. The minimum is found from a starting configuration by
 * gradient descent with Barzilai-Borwein steps and backtracking; H comes from central differences
 * of the analytic gradient.
 *
 * @param mode      the local minimum x*
 * @param precision H, row-major d × d, symmetric positive definite
 */
public record LaplaceApproximation(double[] mode, double[] precision) {

    private static final int MAX_ITERATIONS = 5000;

    /** The approximation at the minimum reached from {@code start}, if U has a positive definite Hessian there. */
    public static Optional<LaplaceApproximation> at(ContinuousSystem system, double[] start) {
        double[] x = minimize(system, start.clone());
        int d = x.length;
        double[] h = new double[d * d];
        double[] gPlus = new double[d];
        double[] gMinus = new double[d];
        for (int j = 0; j < d; j++) {
            double eps = 1e-5 * Math.max(1, Math.abs(x[j]));
            double keep = x[j];
            x[j] = keep + eps;
            system.energyAndGradient(x, gPlus);
            x[j] = keep - eps;
            system.energyAndGradient(x, gMinus);
            x[j] = keep;
            for (int i = 0; i < d; i++) {
                h[i * d + j] = (gPlus[i] - gMinus[i]) / (2 * eps);
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double s = 0.5 * (h[i * d + j] + h[j * d + i]);
                h[i * d + j] = s;
                h[j * d + i] = s;
            }
        }
        RealMatrix m = MatrixUtils.createRealMatrix(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m.setEntry(i, j, h[i * d + j]);
            }
        }
        try {
            new CholeskyDecomposition(m, 1e-12, 1e-12);
        } catch (RuntimeException notPositiveDefinite) {
            return Optional.empty();
        }
        return Optional.of(new LaplaceApproximation(x, h));
    }

    private static double[] minimize(ContinuousSystem system, double[] x) {
        int d = x.length;
        double[] g = new double[d];
        double[] gNew = new double[d];
        double[] trial = new double[d];
        double u = system.energyAndGradient(x, g);
        double step = 1e-3;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double norm = 0;
            for (double v : g) {
                norm += v * v;
            }
            if (Math.sqrt(norm) < 1e-8 * Math.max(1, Math.abs(u))) {
                break;
            }
            double uNew;
            while (true) {
                for (int i = 0; i < d; i++) {
                    trial[i] = x[i] - step * g[i];
                }
                uNew = system.energyAndGradient(trial, gNew);
                if (uNew <= u - 1e-4 * step * norm || step < 1e-16) {
                    break;
                }
                step *= 0.5;
            }
            double sy = 0;
            double ss = 0;
            for (int i = 0; i < d; i++) {
                double s = trial[i] - x[i];
                sy += s * (gNew[i] - g[i]);
                ss += s * s;
            }
            System.arraycopy(trial, 0, x, 0, d);
            System.arraycopy(gNew, 0, g, 0, d);
            if (Math.abs(u - uNew) < 1e-14 * Math.max(1, Math.abs(u))) {
                u = uNew;
                break;
            }
            u = uNew;
            step = sy > 0 ? ss / sy : step * 2;
        }
        return x;
    }
}
