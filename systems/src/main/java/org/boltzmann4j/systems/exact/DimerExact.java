package org.boltzmann4j.systems.exact;

import java.util.function.DoubleUnaryOperator;

/**
 * Exact reference for a 2D dimer without solvent, U = β [ u(d) + k ((x_0 + x_1)² + y_0² + y_1²) ],
 * d = |x_1 − x_0| (the {@code dimer-solvent} system at {@code solvent=0}, walls out of reach).
 * With X, Y the dimer's centre and (ξ, η) = x_1 − x_0 (unit Jacobian),
 * (x_0 + x_1)² + y_0² + y_1² = 4X² + 2Y² + η²/2: X and Y are Gaussian, ∫dX dY = π / (β k √8), and each
 * adds 1/(2β) to ⟨U/β⟩. In polar coordinates (ξ, η) = d (cos φ, sin φ) the angle integral is
 * ∫₀^{2π} exp(−α sin²φ) dφ = 2π e^{−α/2} I₀(α/2), α = β k d²/2, so the marginal of d is
 * p(d) ∝ d e^{−z} I₀(z) e^{−β u(d)}, z = β k d²/4, and ⟨sin²φ | d⟩ = (I₀(z) − I₁(z)) / (2 I₀(z)).
 * Everything is then a 1D composite Gauss-Legendre integral over d.
 */
public final class DimerExact {

    private static final double TAIL = 800;

    private final double beta;
    private final double k;
    private final DoubleUnaryOperator bond;
    private final double threshold;
    private final double uMin;
    private final double limit;
    private final double panel;
    private final double norm;

    /**
     * @param beta      inverse temperature, &gt; 0
     * @param k         restraint constant k
     * @param bond      the bond energy u(d), without β; confining (grows without bound)
     * @param threshold the distance above which the dimer counts as open
     */
    public DimerExact(double beta, double k, DoubleUnaryOperator bond, double threshold) {
        this.beta = beta;
        this.k = k;
        this.bond = bond;
        this.threshold = threshold;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= 20000; i++) {
            min = Math.min(min, bond.applyAsDouble(5.0 * i / 20000));
        }
        this.uMin = min;
        double hi = 5;
        while (beta * (bond.applyAsDouble(hi) - uMin) < TAIL) {
            hi *= 1.5;
        }
        this.limit = hi;
        this.panel = Math.min(0.02, 0.1 / Math.sqrt(beta * 20));
        this.norm = integrate(d -> 1, 0, limit);
    }

    /** Unnormalised density of d, e^{βu_min} d e^{−z} I₀(z) e^{−βu(d)} (2π left out). */
    private double weight(double d) {
        return d * besselScaled(0, beta * k * d * d / 4) * Math.exp(-beta * (bond.applyAsDouble(d) - uMin));
    }

    private double integrate(DoubleUnaryOperator f, double lo, double hi) {
        return Quadrature.integrate(d -> f.applyAsDouble(d) * weight(d), lo, hi, panel);
    }

    /** ⟨d⟩. */
    public double meanDistance() {
        return integrate(d -> d, 0, limit) / norm;
    }

    /** P(d &gt; threshold). */
    public double probabilityOpen() {
        return integrate(d -> 1, threshold, limit) / norm;
    }

    /** ⟨U/β⟩ = 1/β (centre) + ⟨u(d) + k d² ⟨sin²φ | d⟩ / 2⟩. */
    public double meanEnergy() {
        return 1 / beta + integrate(d -> {
            double z = beta * k * d * d / 4;
            double i0 = besselScaled(0, z);
            double sin2 = i0 > 0 ? (i0 - besselScaled(1, z)) / (2 * i0) : 0.5;
            return bond.applyAsDouble(d) + 0.5 * k * d * d * sin2;
        }, 0, limit) / norm;
    }

    /** ln Z over the four coordinates: ln(π / (β k √8)) + ln(2π ∫ d e^{−z} I₀(z) e^{−βu} dd). */
    public double lnZ() {
        return Math.log(Math.PI / (beta * k * Math.sqrt(8))) + Math.log(2 * Math.PI * norm) - beta * uMin;
    }

    /** −ln p(d) at the points, shifted so its minimum over them is 0 (+∞ at d ≤ 0). */
    public double[] freeEnergy(double[] d) {
        double[] f = new double[d.length];
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < d.length; j++) {
            f[j] = d[j] > 0 ? -Math.log(weight(d[j])) : Double.POSITIVE_INFINITY;
            min = Math.min(min, f[j]);
        }
        for (int j = 0; j < d.length; j++) {
            f[j] -= min;
        }
        return f;
    }

    /**
     * e^{−x} I_ν(x) for ν = 0, 1 and x ≥ 0: the power series up to x = 20, the asymptotic series
     * e^{−x} I_ν(x) ~ (2πx)^{-1/2} Σ_m (−1)^m Π_{j≤m} (4ν² − (2j−1)²) / (m! (8x)^m) beyond, summed
     * while its terms decrease (relative error below 1e-15 there).
     */
    static double besselScaled(int nu, double x) {
        if (x <= 20) {
            double q = x * x / 4;
            double term = nu == 0 ? 1 : x / 2;
            double sum = term;
            for (int m = 1; m < 200 && term > 1e-17 * sum; m++) {
                term *= q / (m * (double) (m + nu));
                sum += term;
            }
            return sum * Math.exp(-x);
        }
        double term = 1;
        double sum = 1;
        for (int m = 1; m < 60; m++) {
            double next = -term * (4.0 * nu * nu - (2 * m - 1) * (2 * m - 1)) / (8 * m * x);
            if (Math.abs(next) >= Math.abs(term)) {
                break;
            }
            term = next;
            sum += term;
        }
        return sum / Math.sqrt(2 * Math.PI * x);
    }
}
