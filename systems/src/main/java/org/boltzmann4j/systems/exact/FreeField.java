package org.boltzmann4j.systems.exact;

import org.boltzmann4j.core.B4jException;

/**
 * The free lattice field, φ⁴ on the L × L torus at λ = 0 and m² > 0: S = φᵀAφ with A = -Δ + m²,
 * Δ the lattice Laplacian, diagonal in momentum space with eigenvalues
 * a(k) = m² + 4 sin²(πk₁/L) + 4 sin²(πk₂/L). The Gaussian integral gives
 * <pre>
 * ln Z = (n/2) ln π - ½ Σ_k ln a(k),   n = L²,
 * </pre>
 * the field is Gaussian with covariance (2A)⁻¹, so G(x) = (1/2n) Σ_k cos(2π k·x/L) / a(k); the
 * magnetization M = mean φ is Gaussian with variance 1/(2 n m²) (only k = 0 contributes), and by
 * equipartition ⟨S⟩ = n/2. Summed over a time slice, G gives the zero-momentum correlator C(t), and
 * its momentum-space form the second-moment correlation length ξ₂ = 1/m.
 */
public final class FreeField {

    /** ⟨S⟩/n: each of the n Gaussian modes carries ½. */
    public static final double ACTION_PER_SITE = 0.5;

    private final int L;
    private final double m2;
    private final double[] eigenvalues; // a(k), k = k₂ L + k₁

    private FreeField(int L, double m2) {
        this.L = L;
        this.m2 = m2;
        this.eigenvalues = new double[L * L];
        for (int k2 = 0; k2 < L; k2++) {
            for (int k1 = 0; k1 < L; k1++) {
                double s1 = Math.sin(Math.PI * k1 / L);
                double s2 = Math.sin(Math.PI * k2 / L);
                eigenvalues[k2 * L + k1] = m2 + 4 * s1 * s1 + 4 * s2 * s2;
            }
        }
    }

    /** The free field on the L × L torus, L ≥ 2 and m² > 0. */
    public static FreeField of(int L, double m2) {
        if (L < 2 || !(m2 > 0) || !Double.isFinite(m2)) {
            throw B4jException.badInput("the free-field reference needs L >= 2 and a finite m2 > 0 (got L=%d, m2=%s)",
                    L, m2);
        }
        return new FreeField(L, m2);
    }

    /** ln Z = (n/2) ln π - ½ Σ_k ln a(k). */
    public double lnZ() {
        double logDet = 0;
        for (double a : eigenvalues) {
            logDet += Math.log(a);
        }
        return 0.5 * eigenvalues.length * Math.log(Math.PI) - 0.5 * logDet;
    }

    /** G(x) = ⟨φ_0 φ_x⟩ at separation x = (dx, dy), by the lattice Fourier sum. */
    public double twoPoint(int dx, int dy) {
        double sum = 0;
        for (int k2 = 0; k2 < L; k2++) {
            for (int k1 = 0; k1 < L; k1++) {
                sum += Math.cos(2 * Math.PI * ((long) k1 * dx + (long) k2 * dy) / L) / eigenvalues[k2 * L + k1];
            }
        }
        return sum / (2.0 * eigenvalues.length);
    }

    /**
     * The zero-momentum (time-slice) correlator C(t) = Σ_{x₁} G(x₁, t) = (1/2L) Σ_{k₂} cos(2π k₂ t/L) / a(0, k₂):
     * only the modes with k₁ = 0 survive the sum over the slice.
     */
    public double sliceCorrelator(int t) {
        double sum = 0;
        for (int k2 = 0; k2 < L; k2++) {
            sum += Math.cos(2 * Math.PI * ((long) k2 * t) / L) / eigenvalues[k2 * L];
        }
        return sum / (2.0 * L);
    }

    /**
     * The second-moment correlation length ξ₂ = 1/m: with G̃(p) = Σ_x G(x) e^{ipx} = 1/(2a(p)),
     * ξ₂² = (G̃(0)/G̃(p_min) - 1)/(4 sin²(π/L)) = (a(p_min)/a(0) - 1)/(4 sin²(π/L)) = 1/m² at every L.
     */
    public double secondMomentCorrelationLength() {
        return 1 / Math.sqrt(m2);
    }

    /** Var(M) = 1/(2 n m²). */
    public double magnetizationVariance() {
        return 1 / (2.0 * eigenvalues.length * m2);
    }

    /** ⟨|M|⟩ = sqrt(2 Var(M)/π), M being Gaussian with mean 0. */
    public double meanAbsMagnetization() {
        return Math.sqrt(2 * magnetizationVariance() / Math.PI);
    }

    /** χ₂ = n ⟨M²⟩ = 1/(2m²), whatever L. */
    public double twoPointZeroMomentum() {
        return eigenvalues.length * magnetizationVariance();
    }

    /** -ln p(M) = M²/(2 Var(M)) at the points (min 0). */
    public double[] magnetizationFreeEnergy(double[] m) {
        double[] f = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            f[i] = m[i] * m[i] / (2 * magnetizationVariance());
        }
        return f;
    }
}
