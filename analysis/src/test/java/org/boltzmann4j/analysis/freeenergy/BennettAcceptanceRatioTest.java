package org.boltzmann4j.analysis.freeenergy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.junit.jupiter.api.Test;

/**
 * Bennett's acceptance ratio between q = N(0, 1)^d and exp(-U) = exp(-|x - μ|²/2s²), whose
 * ln Z = (d/2) ln(2π s²) is exact. With s² > 2 the importance weights exp(-U)/q have an infinite
 * variance: ln mean(w) then comes out low with an error bar that does not cover it.
 */
class BennettAcceptanceRatioTest {

    static final int D = 4;
    static final double MU = 0.5;
    static final double S = 1.6;

    static double exactLnZ() {
        return 0.5 * D * Math.log(2 * Math.PI * S * S);
    }

    /** ln w = -U - ln q at x. */
    static double logWeight(double[] x) {
        double u = 0;
        double logq = -0.5 * D * Math.log(2 * Math.PI);
        for (double v : x) {
            u += (v - MU) * (v - MU) / (2 * S * S);
            logq -= 0.5 * v * v;
        }
        return -u - logq;
    }

    static double[] modelDraws(int n, SplittableRandom rng) {
        double[] logw = new double[n];
        double[] x = new double[D];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < D; j++) {
                x[j] = gaussian(rng);
            }
            logw[i] = logWeight(x);
        }
        return logw;
    }

    /** Chains of exact AR(1) moves x' = μ + ρ(x - μ) + s√(1 - ρ²)ξ, started in equilibrium. */
    static double[][] chains(int chains, int length, double rho, SplittableRandom rng) {
        double[][] logw = new double[chains][length];
        for (int c = 0; c < chains; c++) {
            double[] x = new double[D];
            for (int j = 0; j < D; j++) {
                x[j] = MU + S * gaussian(rng);
            }
            for (int t = 0; t < length; t++) {
                for (int j = 0; j < D; j++) {
                    x[j] = MU + rho * (x[j] - MU) + S * Math.sqrt(1 - rho * rho) * gaussian(rng);
                }
                logw[c][t] = logWeight(x);
            }
        }
        return logw;
    }

    static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /**
     * Fraction of 200 seeded estimates within one and within two of their errors of the exact ln Z,
     * and their mean z.
     */
    static double[] coverage(double rho, boolean bar) {
        int inside1 = 0;
        int inside2 = 0;
        double zSum = 0;
        int reps = 200;
        for (int r = 0; r < reps; r++) {
            SplittableRandom rng = new SplittableRandom(1000 + r);
            double[] model = modelDraws(2000, rng);
            double estimate;
            double stderr;
            if (bar) {
                BennettAcceptanceRatio b = BennettAcceptanceRatio.estimate(model, chains(8, 250, rho, rng));
                estimate = b.lnZ();
                stderr = b.stderr();
            } else {
                double max = Double.NEGATIVE_INFINITY;
                for (double a : model) {
                    max = Math.max(max, a);
                }
                double s1 = 0;
                double s2 = 0;
                for (double a : model) {
                    double w = Math.exp(a - max);
                    s1 += w;
                    s2 += w * w;
                }
                double mean = s1 / model.length;
                estimate = max + Math.log(mean);
                stderr = Math.sqrt((s2 / model.length - mean * mean) / model.length) / mean;
            }
            double z = (estimate - exactLnZ()) / stderr;
            zSum += z;
            inside1 += Math.abs(z) < 1 ? 1 : 0;
            inside2 += Math.abs(z) < 2 ? 1 : 0;
        }
        return new double[] {inside1 / (double) reps, inside2 / (double) reps, zSum / reps};
    }

    @Test
    void itsErrorBarCoversTheExactLnZWhereImportanceSamplingsDoesNot() {
        double[] bar = coverage(0, true);
        assertTrue(bar[0] > 0.58 && bar[0] < 0.78 && bar[1] > 0.9, "BAR coverage at 1 and 2 sigma: "
                + bar[0] + ", " + bar[1]);
        assertTrue(Math.abs(bar[2]) < 0.25, "BAR mean z " + bar[2]);
        double[] importance = coverage(0, false);
        assertTrue(importance[2] < -0.4 && importance[0] < 0.55, "importance sampling, infinite variance: coverage "
                + importance[0] + ", mean z " + importance[2]);
    }

    @Test
    void thinningByTheChainsAutocorrelationKeepsTheErrorHonest() {
        double[] bar = coverage(0.9, true);
        assertTrue(bar[0] > 0.58 && bar[0] < 0.8 && bar[1] > 0.9, "BAR coverage, correlated chains: "
                + bar[0] + ", " + bar[1]);
        BennettAcceptanceRatio b = BennettAcceptanceRatio.estimate(modelDraws(2000, new SplittableRandom(3)),
                chains(8, 250, 0.9, new SplittableRandom(4)));
        // ln w has linear and quadratic parts in x:
        // τ_int between (1 + ρ²)/(1 - ρ²) = 9.5 and (1 + ρ)/(1 - ρ) = 19
        assertTrue(b.thinning() >= 9 && b.thinning() <= 30, "stride " + b.thinning());
        assertEquals(8 * ((250 + b.thinning() - 1) / b.thinning()), b.chainSamples());
    }

    @Test
    void aModelEqualToTheTargetGivesTheExactLnZWithFullOverlap() {
        double[] model = new double[100];
        double[][] chains = new double[2][50];
        java.util.Arrays.fill(model, 3.25);
        java.util.Arrays.fill(chains[0], 3.25);
        java.util.Arrays.fill(chains[1], 3.25);
        BennettAcceptanceRatio b = BennettAcceptanceRatio.estimate(model, chains);
        assertEquals(3.25, b.lnZ(), 1e-12);
        assertEquals(0, b.stderr(), 1e-6);
        assertEquals(1, b.overlap(), 1e-12);
    }

    @Test
    void refusesTooFewSamples() {
        assertThrows(B4jException.class, () -> BennettAcceptanceRatio.estimate(new double[1], new double[][] {{0, 0}}));
        assertThrows(B4jException.class, () -> BennettAcceptanceRatio.estimate(new double[5], new double[][] {{0}}));
    }
}
