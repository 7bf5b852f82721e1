package org.boltzmann4j.model.flow;

import java.util.random.RandomGenerator;

import org.boltzmann4j.core.B4jException;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * The Gaussian N(μ, P⁻¹) given by its mean μ and precision matrix P (symmetric positive definite),
 * for instance the Laplace approximation at a minimum of U. With P = L Lᵀ (Cholesky): samples
 * z = μ + L⁻ᵀ ε with ε ~ N(0, I), and ln p(z) = ½ ln det P − (d/2) ln 2π − ½ |Lᵀ (z − μ)|². A banded
 * P (the Hessian of a chain or lattice with local couplings) has a banded L, and every product runs
 * over the nonzero band of each row only: O(d × bandwidth) per point instead of O(d²).
 */
public final class GaussianPrecision implements BaseDistribution {

    private final int d;
    private final double[] mean;
    private final double[] precision;
    /** Lᵀ, row-major, upper triangle. */
    private final double[] upper;
    /** One past the last nonzero column of row i of Lᵀ. */
    private final int[] upperEnd;
    /** The nonzero columns [precisionStart[i], precisionEnd[i]) of row i of P. */
    private final int[] precisionStart;
    private final int[] precisionEnd;
    private final double logNormalization;

    /**
     * @param precision P, row-major d × d; symmetric to 1e-10 relative (then symmetrized), positive definite
     * @param d         dimension
     */
    public GaussianPrecision(double[] precision, int d) {
        this(new double[d], precision);
    }

    /**
     * @param mean      μ, of length d
     * @param precision P, row-major d × d; symmetric to 1e-10 relative (then symmetrized), positive definite
     */
    public GaussianPrecision(double[] mean, double[] precision) {
        int d = mean.length;
        if (d < 1 || precision.length != d * d) {
            throw B4jException.badInput("precision matrix must have d*d = %d entries, got %d", d * d, precision.length);
        }
        this.d = d;
        this.mean = mean.clone();
        RealMatrix p = MatrixUtils.createRealMatrix(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                p.setEntry(i, j, precision[i * d + j]);
            }
        }
        this.precision = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                this.precision[i * d + j] = 0.5 * (precision[i * d + j] + precision[j * d + i]);
            }
        }
        RealMatrix lt;
        try {
            lt = new CholeskyDecomposition(p, 1e-10, CholeskyDecomposition.DEFAULT_ABSOLUTE_POSITIVITY_THRESHOLD).getLT();
        } catch (MathIllegalArgumentException e) {
            throw B4jException.badInput("precision matrix is not symmetric positive definite: %s", e.getMessage());
        }
        this.upper = new double[d * d];
        this.upperEnd = new int[d];
        this.precisionStart = new int[d];
        this.precisionEnd = new int[d];
        double logDet = 0;
        for (int i = 0; i < d; i++) {
            upperEnd[i] = i + 1;
            for (int j = i; j < d; j++) {
                upper[i * d + j] = lt.getEntry(i, j);
                if (upper[i * d + j] != 0) {
                    upperEnd[i] = j + 1;
                }
            }
            logDet += 2 * Math.log(upper[i * d + i]);
            precisionStart[i] = i;
            precisionEnd[i] = i + 1;
            for (int j = 0; j < d; j++) {
                if (this.precision[i * d + j] != 0) {
                    precisionStart[i] = Math.min(precisionStart[i], j);
                    precisionEnd[i] = Math.max(precisionEnd[i], j + 1);
                }
            }
        }
        this.logNormalization = 0.5 * logDet - 0.5 * d * Math.log(2 * Math.PI);
    }

    @Override
    public int dimension() {
        return d;
    }

    /** μ (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** P, row-major (a copy). */
    public double[] precision() {
        return precision.clone();
    }

    /** ln of the density's normalisation, ½ ln det P − (d/2) ln 2π: ln p at the mean. */
    public double logNormalization() {
        return logNormalization;
    }

    @Override
    public void sample(int n, RandomGenerator rng, double[] z, double[] logp) {
        for (int k = 0; k < n; k++) {
            int row = k * d;
            double sq = 0;
            for (int i = 0; i < d; i++) {
                double e = rng.nextGaussian();
                z[row + i] = e;
                sq += e * e;
            }
            for (int i = d - 1; i >= 0; i--) {
                double sum = z[row + i];
                for (int j = i + 1, end = upperEnd[i]; j < end; j++) {
                    sum -= upper[i * d + j] * z[row + j];
                }
                z[row + i] = sum / upper[i * d + i];
            }
            for (int i = 0; i < d; i++) {
                z[row + i] += mean[i];
            }
            logp[k] = logNormalization - 0.5 * sq;
        }
    }

    @Override
    public void logDensity(double[] z, int n, double[] logp) {
        for (int k = 0; k < n; k++) {
            int row = k * d;
            double sq = 0;
            for (int i = 0; i < d; i++) {
                double y = 0;
                for (int j = i, end = upperEnd[i]; j < end; j++) {
                    y += upper[i * d + j] * (z[row + j] - mean[j]);
                }
                sq += y * y;
            }
            logp[k] = logNormalization - 0.5 * sq;
        }
    }

    @Override
    public void logDensityAndGradient(double[] z, int n, double[] logp, double[] gradient) {
        logDensity(z, n, logp);
        for (int k = 0; k < n; k++) {
            int row = k * d;
            for (int i = 0; i < d; i++) {
                double g = 0;
                for (int j = precisionStart[i], end = precisionEnd[i]; j < end; j++) {
                    g += precision[i * d + j] * (z[row + j] - mean[j]);
                }
                gradient[row + i] = -g;
            }
        }
    }
}
