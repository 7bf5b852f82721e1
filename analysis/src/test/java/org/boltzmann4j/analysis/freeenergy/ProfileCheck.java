package org.boltzmann4j.analysis.freeenergy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;

import org.boltzmann4j.analysis.profile.Profile;

/** Comparison of estimated profiles with exact bin probabilities. */
final class ProfileCheck {

    private ProfileCheck() {
    }

    /** ∫_a^b exp(-u(x)) dx by Simpson's rule with {@code steps} (even) intervals. */
    static double integral(DoubleUnaryOperator u, double a, double b, int steps) {
        double h = (b - a) / steps;
        double s = 0;
        for (int i = 0; i <= steps; i++) {
            double wgt = i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2);
            s += wgt * Math.exp(-u.applyAsDouble(a + i * h));
        }
        return s * h / 3;
    }

    /** -ln of the bin probabilities of the density exp(-u(x)) on [low, high] (Simpson, normalized). */
    static double[] exactBins(DoubleUnaryOperator minusLnDensity, double low, double high, int bins) {
        double[] p = new double[bins];
        double width = (high - low) / bins;
        int steps = 200;
        double total = 0;
        for (int b = 0; b < bins; b++) {
                p[b] = integral(minusLnDensity, low + b * width, low + (b + 1) * width, steps);
            total += p[b];
        }
        double[] f = new double[bins];
        for (int b = 0; b < bins; b++) {
            f[b] = -Math.log(p[b] / total);
        }
        return f;
    }

    /**
     * Residuals (estimate - exact) in sigmas after the best common shift, over bins where the
     * estimate exists; asserts every |z| < maxZ and the mean z² below maxChi2. Returns the mean z².
     */
    static double assertMatches(String what, Profile profile, double[] exact, double maxZ, double maxChi2, int minBins) {
        double sw = 0;
        double swd = 0;
        int used = 0;
        for (int b = 0; b < profile.size(); b++) {
            double f = profile.freeEnergy()[b];
            double s = profile.stderr()[b];
            if (Double.isFinite(f) && s > 0 && Double.isFinite(s)) {
                sw += 1 / (s * s);
                swd += (f - exact[b]) / (s * s);
                used++;
            }
        }
        double shift = swd / sw;
        double chi2 = 0;
        StringBuilder worst = new StringBuilder();
        double worstZ = 0;
        for (int b = 0; b < profile.size(); b++) {
            double f = profile.freeEnergy()[b];
            double s = profile.stderr()[b];
            if (Double.isFinite(f) && s > 0 && Double.isFinite(s)) {
                double z = (f - exact[b] - shift) / s;
                chi2 += z * z;
                if (Math.abs(z) > Math.abs(worstZ)) {
                    worstZ = z;
                    worst.setLength(0);
                    worst.append(String.format("x=%.3f F=%.3f exact=%.3f stderr=%.3f", profile.x()[b], f - shift, exact[b], s));
                }
            }
        }
        double meanChi2 = chi2 / Math.max(1, used - 1);
        System.out.printf("%s: %d bins, chi2/bin %.2f, worst z %.2f (%s)%n", what, used, meanChi2, worstZ, worst);
        assertTrue(used >= minBins, what + ": bins used " + used);
        assertTrue(Math.abs(worstZ) < maxZ, what + ": off by " + worstZ + " sigma at " + worst);
        assertTrue(meanChi2 < maxChi2, what + ": chi2 per bin " + meanChi2);
        return meanChi2;
    }
}
