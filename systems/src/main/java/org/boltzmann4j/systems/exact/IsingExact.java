package org.boltzmann4j.systems.exact;

import org.boltzmann4j.core.B4jException;
import org.hipparchus.util.CombinatoricsUtils;

/**
 * Kaufman's (1949) exact partition function of the Ising model on the finite L × L square torus
 * (J = 1, h = 0, K = β):
 * Z = ½ (2 sinh 2K)^{N/2} [Π_r 2cosh(Lγ_{2r+1}/2) + Π_r 2sinh(Lγ_{2r+1}/2) + Π_r 2cosh(Lγ_{2r}/2)
 * + Π_r 2sinh(Lγ_{2r}/2)], r = 0..L-1, with cosh γ_l = cosh 2K coth 2K - cos(πl/L) for l ≥ 1 and
 * γ_0 = 2K + ln tanh K (negative above T_c). The 2 × 2 torus has double bonds, as in
 * {@code SpinLattice}. Sums run in log space; derivatives in K are carried analytically (value,
 * first and second derivative through every operation), so e and c are exact to rounding.
 */
public final class IsingExact {

    /**
     * @param lnZ                 ln Z
     * @param energyPerSite       ⟨H⟩/N in units of J
     * @param specificHeatPerSite β² Var(H)/N = β² L² Var(H/N)
     */
    public record Values(int L, double beta, double lnZ, double energyPerSite, double specificHeatPerSite) {

        public double lnZPerSite() {
            return lnZ / ((double) L * L);
        }
    }

    private IsingExact() {
    }

    /**
     * Exact values at coupling J and h = 0, from the J = 1 solution at βJ: lnZ and c depend on βJ
     * only and e scales with J. J < 0 maps to |J| by flipping one sublattice, so it needs even L.
     */
    public static Values solve(int L, double beta, double J) {
        if (J < 0 && L % 2 == 1) {
            throw B4jException.badInput("J=%s is not allowed on the odd %dx%d torus: the antiferromagnet is "
                    + "frustrated there and has no exact solution here", J, L, L);
        }
        if (J == 0) {
            return new Values(L, beta, (double) L * L * Math.log(2), 0, 0);
        }
        double K = beta * Math.abs(J);
        Values v = solve(L, K);
        return new Values(L, beta, v.lnZ(), Math.abs(J) * v.energyPerSite(), v.specificHeatPerSite());
    }

    /** Exact values on the L × L torus at inverse temperature β, J = 1, h = 0. */
    public static Values solve(int L, double beta) {
        if (L < 2) {
            throw B4jException.badInput("L=%d is not allowed: the exact solution needs L >= 2", L);
        }
        if (!(beta > 0 && Double.isFinite(beta))) {
            throw B4jException.badInput("beta=%s is not allowed: the exact solution needs beta > 0", beta);
        }
        int n = L * L;
        Jet K = new Jet(beta, 1, 0);
        Jet s2 = K.scale(2).sinh();
        Jet c2 = K.scale(2).cosh();
        Jet a = c2.times(c2).divide(s2);
        double half = 0.5 * L;

        // log-parts and remaining (signed) factors of the four products
        Jet[] logs = {Jet.ZERO, Jet.ZERO, Jet.ZERO, Jet.ZERO};
        Jet factor4 = Jet.ONE;
        for (int r = 0; r < L; r++) {
            Jet odd = a.plus(-Math.cos(Math.PI * (2 * r + 1) / L)).acosh().scale(half);
            logs[0] = logs[0].plus(odd.logTwoCosh());
            logs[1] = logs[1].plus(odd.logTwoSinh());
            Jet even = r == 0
                    ? K.scale(2).plus(K.tanh().log())
                    : a.plus(-Math.cos(Math.PI * 2 * r / L)).acosh();
            even = even.scale(half);
            logs[2] = logs[2].plus(even.logTwoCosh());
            if (r == 0 && Math.abs(even.v) < 20) {
                factor4 = even.sinh().scale(2);
            } else {
                logs[3] = logs[3].plus(even.logTwoSinh());
                if (even.v < 0) {
                    factor4 = factor4.scale(-1);
                }
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (Jet l : logs) {
            max = Math.max(max, l.v);
        }
        Jet sum = Jet.ZERO;
        for (int i = 0; i < 4; i++) {
            Jet term = logs[i].plus(-max).exp();
            sum = sum.plus(i == 3 ? term.times(factor4) : term);
        }
        Jet lnZ = sum.log().plus(max - Math.log(2)).plus(s2.scale(2).log().scale(0.5 * n));
        return new Values(L, beta, lnZ.v, -lnZ.d / n, beta * beta * lnZ.dd / n);
    }

    /** A value with its first and second derivative in K, propagated by the chain rule. */
    private record Jet(double v, double d, double dd) {

        static final Jet ZERO = new Jet(0, 0, 0);
        static final Jet ONE = new Jet(1, 0, 0);

        /** f(this) given f, f' and f'' at v. */
        Jet apply(double f, double f1, double f2) {
            return new Jet(f, f1 * d, f2 * d * d + f1 * dd);
        }

        Jet plus(Jet o) {
            return new Jet(v + o.v, d + o.d, dd + o.dd);
        }

        Jet plus(double c) {
            return new Jet(v + c, d, dd);
        }

        Jet scale(double c) {
            return new Jet(c * v, c * d, c * dd);
        }

        Jet times(Jet o) {
            return new Jet(v * o.v, d * o.v + v * o.d, dd * o.v + 2 * d * o.d + v * o.dd);
        }

        Jet divide(Jet o) {
            return times(o.apply(1 / o.v, -1 / (o.v * o.v), 2 / (o.v * o.v * o.v)));
        }

        Jet exp() {
            double e = Math.exp(v);
            return apply(e, e, e);
        }

        Jet log() {
            return apply(Math.log(v), 1 / v, -1 / (v * v));
        }

        Jet sinh() {
            return apply(Math.sinh(v), Math.cosh(v), Math.sinh(v));
        }

        Jet cosh() {
            return apply(Math.cosh(v), Math.sinh(v), Math.cosh(v));
        }

        Jet tanh() {
            double t = Math.tanh(v);
            return apply(t, 1 - t * t, -2 * t * (1 - t * t));
        }

        /** acosh, for v > 1. */
        Jet acosh() {
            double w = v * v - 1;
            double root = Math.sqrt(w);
            return apply(Math.log(v + root), 1 / root, -v / (w * root));
        }

        /** ln(2 cosh v), stable for large |v|. */
        Jet logTwoCosh() {
            double x = Math.abs(v);
            double t = Math.tanh(v);
            return apply(x + Math.log1p(Math.exp(-2 * x)), t, 1 - t * t);
        }

        /** ln|2 sinh v|, v ≠ 0, stable for large |v|. */
        Jet logTwoSinh() {
            double x = Math.abs(v);
            double coth = 1 / Math.tanh(v);
            return apply(x + Math.log1p(-Math.exp(-2 * x)), coth, 1 - coth * coth);
        }
    }

    /**
     * ⟨|m|⟩ of n independent ±1 spins (β = 0): Σ_k C(n, k) 2^{-n} |2k − n| / n, the binomial sum in
     * logarithms.
     */
    public static double infiniteTemperatureAbsMagnetization(int n) {
        double sum = 0;
        for (int k = 0; k <= n; k++) {
            sum += Math.exp(CombinatoricsUtils.binomialCoefficientLog(n, k) - n * Math.log(2)) * Math.abs(2 * k - n);
        }
        return sum / n;
    }
}
