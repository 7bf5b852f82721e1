package org.boltzmann4j.analysis.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.boltzmann4j.systems.exact.DoubleWellExact;
import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.analysis.stats.McStatistics;
import org.boltzmann4j.core.B4jException;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreeEnergyProfileTest {

    /** Two-Gaussian mixture: 0.3 N(-1, 0.35^2) + 0.7 N(1, 0.35^2). */
    private static final NormalDistribution LEFT = new NormalDistribution(-1, 0.35);
    private static final NormalDistribution RIGHT = new NormalDistribution(1, 0.35);

    private static double sample(SplittableRandom rng) {
        return (rng.nextDouble() < 0.3 ? -1 : 1) + 0.35 * rng.nextGaussian();
    }

    private static double binProbability(double lo, double hi) {
        return 0.3 * (LEFT.cumulativeProbability(hi) - LEFT.cumulativeProbability(lo))
                + 0.7 * (RIGHT.cumulativeProbability(hi) - RIGHT.cumulativeProbability(lo));
    }

    /** Compares a profile with the exact mixture: differences to the exact minimum bin, in sigmas. */
    private static void assertMatchesMixture(Profile profile, double low, double high) {
        int bins = profile.size();
        double width = (high - low) / bins;
        double[] exact = new double[bins];
        int ref = 0;
        for (int b = 0; b < bins; b++) {
            exact[b] = -Math.log(binProbability(low + b * width, low + (b + 1) * width));
            ref = exact[b] < exact[ref] ? b : ref;
        }
        double chi2 = 0;
        int used = 0;
        for (int b = 0; b < bins; b++) {
            if (b == ref || Double.isNaN(profile.freeEnergy()[b]) || exact[b] - exact[ref] > 4) {
                continue;
            }
            double diff = (profile.freeEnergy()[b] - profile.freeEnergy()[ref]) - (exact[b] - exact[ref]);
            double sigma = Math.hypot(profile.stderr()[b], profile.stderr()[ref]);
            assertTrue(Math.abs(diff) < 4 * sigma, "bin " + b + ": off by " + diff / sigma + " sigma");
            chi2 += diff * diff / (sigma * sigma);
            used++;
        }
        assertTrue(used >= 20, "bins used " + used);
        // the reference bin's error is shared, so chi2 per bin is about 1 (plus its correlation)
        assertTrue(chi2 / used < 2.0, "chi2 per bin " + chi2 / used);
        assertEquals(0.0, java.util.Arrays.stream(profile.freeEnergy()).filter(Double::isFinite).min().orElseThrow());
    }

    @Test
    void iidSamplesOfKnownDensityMatchExactBinProbabilities() {
        SplittableRandom rng = new SplittableRandom(31);
        double[][] traces = new double[8][5000];
        for (double[] chain : traces) {
            for (int t = 0; t < chain.length; t++) {
                chain[t] = sample(rng);
            }
        }
        Profile profile = FreeEnergyProfile.estimate(traces, -2.5, 2.5, 40);
        assertEquals(40, profile.size());
        assertEquals(-2.5 + 0.0625, profile.x()[0], 1e-12);
        assertMatchesMixture(profile, -2.5, 2.5);
    }

    @Test
    void importanceWeightedSamplesMatchExactBinProbabilities() {
        SplittableRandom rng = new SplittableRandom(37);
        NormalDistribution proposal = new NormalDistribution(0, 1.3);
        int n = 60000;
        double[] x = new double[n];
        double[] lw = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1.3 * rng.nextGaussian();
            double target = 0.3 * LEFT.density(x[i]) + 0.7 * RIGHT.density(x[i]);
            lw[i] = Math.log(target) - proposal.logDensity(x[i]) - 50;
        }
        assertMatchesMixture(FreeEnergyProfile.weighted(x, lw, -2.5, 2.5, 40), -2.5, 2.5);
    }

    @Test
    void autocorrelatedMetropolisChainsMatchExactDoubleWell() {
        double beta = 1;
        double barrier = 2;
        double tilt = 0.4;
        SplittableRandom rng = new SplittableRandom(43);
        double[][] chains = new double[16][16000];
        for (double[] chain : chains) {
            double x = rng.nextDouble() < 0.5 ? -1 : 1;
            double u = beta * (barrier * (x * x - 1) * (x * x - 1) + tilt * x);
            for (int t = 0; t < chain.length; t++) {
                double y = x + 0.4 * rng.nextGaussian();
                double v = beta * (barrier * (y * y - 1) * (y * y - 1) + tilt * y);
                if (rng.nextDouble() < Math.exp(u - v)) {
                    x = y;
                    u = v;
                }
                chain[t] = x;
            }
        }
        DoubleWellExact exact = DoubleWellExact.of(1, beta, barrier, tilt);
        double[][] positive = new double[16][16000];
        for (int c = 0; c < 16; c++) {
            for (int t = 0; t < 16000; t++) {
                positive[c][t] = chains[c][t] > 0 ? 1 : 0;
            }
        }
        Estimate p = McStatistics.estimate(positive);
        assertTrue(p.tauInt() > 5, "Metropolis in a double well is correlated: tau " + p.tauInt());
        assertEquals(exact.probabilityPositive(), p.mean(), 3 * p.stderr());
        Profile profile = FreeEnergyProfile.estimate(chains, -2, 2, 32);
        double[] f = FreeEnergyProfile.fromProbabilities(exact.binProbabilities(-2, 2, 32));
        int ref = 8; // bin centred near x = -1, the deeper well
        for (int b = 0; b < 32; b++) {
            if (f[b] < 4 && b != ref) {
                double diff = (profile.freeEnergy()[b] - profile.freeEnergy()[ref]) - (f[b] - f[ref]);
                double sigma = Math.hypot(profile.stderr()[b], profile.stderr()[ref]);
                assertTrue(Math.abs(diff) < 4 * sigma, "bin " + b + ": " + diff / sigma + " sigma");
            }
        }
    }

    @Test
    void repeatedRecordsDoNotShrinkTheErrors() {
        SplittableRandom rng = new SplittableRandom(41);
        double[][] iid = new double[4][4000];
        double[][] sticky = new double[4][16000];
        for (int c = 0; c < 4; c++) {
            for (int t = 0; t < 4000; t++) {
                iid[c][t] = sample(rng);
                for (int k = 0; k < 4; k++) {
                    sticky[c][4 * t + k] = iid[c][t];
                }
            }
        }
        Profile a = FreeEnergyProfile.estimate(iid, -2, 2, 10);
        Profile b = FreeEnergyProfile.estimate(sticky, -2, 2, 10);
        assertArrayEquals(a.freeEnergy(), b.freeEnergy(), 1e-12);
        for (int bin = 0; bin < 10; bin++) {
            assertEquals(a.stderr()[bin], b.stderr()[bin], 0.15 * a.stderr()[bin], "bin " + bin);
        }
    }

    @Test
    void emptyBinsAreNaNAndEdgesAreIncluded() {
        Profile p = FreeEnergyProfile.estimate(new double[][] {{0.0, 0.1, 1.0, 1.0, 5.0}}, 0, 1, 4, 0);
        assertTrue(Double.isNaN(p.freeEnergy()[1]) && Double.isNaN(p.stderr()[2]));
        // p = 2/5 in bins 0 and 3 (5.0 lies outside but counts in the normalization)
        assertEquals(0.0, p.freeEnergy()[0], 1e-12);
        assertEquals(0.0, p.freeEnergy()[3], 1e-12);
        Profile skewed = FreeEnergyProfile.estimate(new double[][] {{0.0, 0.1, 0.2, 0.2, 1.0}}, 0, 1, 4, 0);
        assertEquals(Math.log(4), skewed.freeEnergy()[3], 1e-12);
        assertThrows(B4jException.class, () -> FreeEnergyProfile.estimate(new double[][] {{0}}, 1, 0, 4));
        assertArrayEquals(new double[] {Math.log(2), 0, Double.NaN},
                FreeEnergyProfile.fromProbabilities(new double[] {0.25, 0.5, 0}), 1e-15);
    }

    /**
     * Chain samples of the mixture that never reach its barrier region, and importance-weighted
     * draws from a broad q that do: the combined profile holds the barrier bins (from the weighted
     * draws, aligned on the bins both hold) and matches the exact mixture there.
     */
    @Test
    void combinedProfileTakesTheBarrierFromWeightedSamples() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] chains = new double[16][5000];
        for (double[] chain : chains) {
            for (int t = 0; t < chain.length; t++) {
                double x;
                do {
                    x = sample(rng);
                } while (Math.abs(x) < 0.4); // the chains never visit the barrier region
                chain[t] = x;
            }
        }
        int n = 200_000;
        double[] values = new double[n];
        double[] logWeights = new double[n];
        NormalDistribution q = new NormalDistribution(0, 1.2);
        for (int k = 0; k < n; k++) {
            values[k] = 1.2 * rng.nextGaussian();
            double p = 0.3 * LEFT.density(values[k]) + 0.7 * RIGHT.density(values[k]);
            logWeights[k] = Math.log(p) - q.logDensity(values[k]);
        }
        Profile fromChains = FreeEnergyProfile.estimate(chains, -2, 2, 20);
        Profile combined = FreeEnergyProfile.combine(fromChains,
                FreeEnergyProfile.weighted(values, logWeights, -2, 2, 20));
        int barrier = 10; // the bin [0, 0.2)
        assertTrue(Double.isNaN(fromChains.freeEnergy()[barrier]));
        double exact = -Math.log(binProbability(0, 0.2) / binProbability(0.8, 1.0));
        double sampled = combined.freeEnergy()[barrier] - combined.freeEnergy()[14];
        assertEquals(exact, sampled, 4 * Math.hypot(combined.stderr()[barrier], combined.stderr()[14]));
        assertThrows(B4jException.class, () -> FreeEnergyProfile.combine(fromChains,
                new Profile(new double[1], new double[1], new double[1])));
    }

    @Test
    void csvRoundTripKeepsHeaderAndNaN(@TempDir Path dir) throws Exception {
        Profile p = new Profile(new double[] {-0.5, 0.5}, new double[] {0.0, Double.NaN}, new double[] {0.01, Double.NaN});
        Path file = dir.resolve("profile_phi_mid.csv");
        ProfileCsv.write(file, p);
        assertEquals("x,free_energy,stderr", Files.readAllLines(file).get(0));
        Profile back = ProfileCsv.read(file);
        assertArrayEquals(p.x(), back.x());
        assertArrayEquals(p.freeEnergy(), back.freeEnergy());
        assertArrayEquals(p.stderr(), back.stderr());
        Files.writeString(file, "x,F\n1,2\n");
        assertThrows(B4jException.class, () -> ProfileCsv.read(file));
    }

    /**
     * Chains that sit in two Gaussian wells (sd 0.2 around ±1), one of which makes a single slow
     * excursion of 30 records at the barrier x = 0, where the true F is 12.5 kT above the wells:
     * those 30 counts are one correlated visit, so the barrier bin must either be dropped or carry
     * an error that covers the truth, not report about 8 kT with ±1.
     */
    @Test
    void aBarrierVisitedOnceDoesNotClaimASmallError() {
        SplittableRandom rng = new SplittableRandom(12);
        int chains = 8;
        int length = 10_000;
        double[][] traces = new double[chains][length];
        for (int c = 0; c < chains; c++) {
            double centre = c % 2 == 0 ? 1 : -1;
            double x = centre;
            for (int t = 0; t < length; t++) {
                x = centre + 0.9 * (x - centre) + Math.sqrt(1 - 0.81) * 0.2 * rng.nextGaussian();
                traces[c][t] = c == 0 && t >= 5000 && t < 5030 ? 0.01 * rng.nextGaussian() : x;
            }
        }
        int bins = 41;
        Profile p = FreeEnergyProfile.estimate(traces, -2.05, 2.05, bins);
        Profile kept = FreeEnergyProfile.estimate(traces, -2.05, 2.05, bins, 0);
        int barrier = bins / 2;
        assertEquals(0.0, p.x()[barrier], 1e-12);
        assertTrue(Double.isFinite(kept.freeEnergy()[barrier]), "the burst is in the barrier bin");
        double exactBarrier = 0.5 / (0.2 * 0.2) - Math.log(2); // above the wells' peak, two wells
        double f = p.freeEnergy()[barrier];
        assertTrue(Double.isNaN(f) || Math.abs(f - exactBarrier) < 3 * p.stderr()[barrier],
                "barrier F " + f + " +- " + p.stderr()[barrier] + ", exact about " + exactBarrier);
        assertTrue(Double.isNaN(f), "one visit is not 10 effective counts");
        for (double x : new double[] {-1, 1}) {
            int b = (int) Math.round((x + 2.05) / 0.1 - 0.5);
            assertTrue(Double.isFinite(p.freeEnergy()[b]) && p.stderr()[b] < 0.2, "well bin at " + x + " kept");
        }
    }
}
