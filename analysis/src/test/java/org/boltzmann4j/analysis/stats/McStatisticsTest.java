package org.boltzmann4j.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.junit.jupiter.api.Test;

class McStatisticsTest {

    /** AR(1) chains with unit stationary variance: tau_int = (1 + rho) / (1 - rho). */
    static double[][] ar1(SplittableRandom rng, int chains, int length, double rho, double offset) {
        double[][] x = new double[chains][length];
        double s = Math.sqrt(1 - rho * rho);
        for (int c = 0; c < chains; c++) {
            double v = rng.nextGaussian();
            for (int t = 0; t < length; t++) {
                v = rho * v + s * rng.nextGaussian();
                x[c][t] = v + offset;
            }
        }
        return x;
    }

    @Test
    void ar1AutocorrelationTimeMatchesExactValue() {
        SplittableRandom rng = new SplittableRandom(11);
        for (double rho : new double[] {0.5, 0.9}) {
            double exact = (1 + rho) / (1 - rho);
            // four chains: below the between-chain threshold, so tauInt is the windowed estimate
            Estimate e = McStatistics.estimate(ar1(rng, 4, 1 << 17, rho, 3.0));
            assertEquals(exact, e.tauInt(), 0.04 * exact, "rho=" + rho);
            assertEquals(4.0 * (1 << 17) / e.tauInt(), e.ess(), 1e-6 * e.ess());
            assertEquals(1.0, e.variance(), 0.03);
            assertEquals(3.0, e.mean(), 4 * e.stderr());
            assertEquals(Math.sqrt(exact / (4.0 * (1 << 17))), e.stderr(), 0.03 * e.stderr());
            assertTrue(Math.abs(e.rHat() - 1) < 0.01, "R-hat " + e.rHat());
        }
    }

    @Test
    void autocorrelationMatchesGeometricDecay() {
        double rho = 0.8;
        double[][] x = ar1(new SplittableRandom(5), 16, 1 << 15, rho, 0);
        double[] means = new double[16];
        for (int c = 0; c < 16; c++) {
            for (double v : x[c]) {
                means[c] += v / x[c].length;
            }
        }
        double[] r = McStatistics.autocorrelation(x, means);
        for (int t = 0; t <= 10; t++) {
            assertEquals(Math.pow(rho, t), r[t], 0.02, "lag " + t);
        }
        assertEquals(9.0, McStatistics.integratedTime(r), 0.3);
    }

    @Test
    void autocorrelationEqualsDirectSum() {
        double[][] x = ar1(new SplittableRandom(2), 4, 37, 0.6, 1.0);
        java.util.Arrays.fill(x[1], 0.25); // a constant chain is skipped: the others pair up 0+2, 3 alone
        double[] means = new double[4];
        for (int c = 0; c < 4; c++) {
            for (double v : x[c]) {
                means[c] += v / 37;
            }
        }
        double[] r = McStatistics.autocorrelation(x, means);
        double[] direct = new double[37];
        for (int t = 0; t < 37; t++) {
            for (int c = 0; c < 4; c++) {
                for (int s = 0; s + t < 37; s++) {
                    direct[t] += (x[c][s] - means[c]) * (x[c][s + t] - means[c]);
                }
            }
        }
        for (int t = 0; t < 37; t++) {
            assertEquals(direct[t] / direct[0], r[t], 1e-12, "lag " + t);
        }
    }

    @Test
    void iidGaussianHasUnitTauAndTextbookError() {
        SplittableRandom rng = new SplittableRandom(3);
        Estimate e = McStatistics.estimate(ar1(rng, 4, 32768, 0.0, -1.0));
        double n = 4 * 32768;
        assertEquals(1.0, e.tauInt(), 0.05);
        assertEquals(1 / Math.sqrt(n), e.stderr(), 0.03 / Math.sqrt(n));
        assertEquals(-1.0, e.mean(), 4 / Math.sqrt(n));
        // with 32 chains the spread of chain means (31 degrees of freedom) may only raise the error
        Estimate many = McStatistics.estimate(ar1(rng, 32, 4096, 0.0, -1.0));
        assertTrue(many.stderr() > 0.97 / Math.sqrt(n) && many.stderr() < 1.6 / Math.sqrt(n), "stderr " + many.stderr());
    }

    @Test
    void errorCoversTruthAtOneSigmaRate() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int chains : new int[] {1, 16}) {
            int replicas = 250;
            int inside = 0;
            double z2 = 0;
            for (int r = 0; r < replicas; r++) {
                Estimate e = McStatistics.estimate(ar1(rng, chains, 8192 / chains, 0.8, 0));
                double z = e.mean() / e.stderr();
                inside += Math.abs(z) < 1 ? 1 : 0;
                z2 += z * z / replicas;
            }
            double coverage = inside / (double) replicas;
            // binomial sd 0.03: 0.683 within 3 sd; the between-chain floor may only make errors larger
            assertTrue(coverage > 0.60 && coverage < 0.80, chains + " chains: coverage " + coverage);
            assertTrue(z2 > 0.7 && z2 < 1.25, chains + " chains: mean z^2 " + z2);
        }
    }

    @Test
    void chainsStuckInDifferentModesGetAnHonestError() {
        SplittableRandom rng = new SplittableRandom(13);
        double[][] x = new double[16][];
        for (int c = 0; c < 16; c++) {
            x[c] = ar1(rng, 1, 2000, 0.3, c % 2 == 0 ? 1.0 : -1.0)[0];
            for (int t = 0; t < x[c].length; t++) {
                x[c][t] *= 0.1;
            }
        }
        Estimate e = McStatistics.estimate(x);
        // chain means are +-0.1: the between-chain error 0.1/sqrt(16) * sqrt(16/15) dominates
        assertEquals(0.1 / Math.sqrt(15), e.stderr(), 0.002);
        // within-half variance 0.01, variance of the half means 0.01: R-hat = sqrt(2)
        assertEquals(Math.sqrt(2), e.rHat(), 0.03);
        assertEquals(e.variance() * e.tauInt() / (16 * 2000), e.stderr() * e.stderr(), 1e-12);
    }

    @Test
    void blockingPlateauAgreesWithWindowedTau() {
        double rho = 0.9;
        double[] x = ar1(new SplittableRandom(17), 1, 1 << 18, rho, 0)[0];
        Estimate e = McStatistics.estimate(x);
        double[] levels = McStatistics.blocking(x);
        assertEquals(18, levels.length);
        assertEquals(Math.sqrt(e.variance() / x.length), levels[0], 1e-12);
        // blocks of 2^9 = 512 records >> tau = 19, still 512 blocks: 3% relative noise
        double tauBlocking = levels[9] * levels[9] * x.length / e.variance();
        assertEquals(e.tauInt(), tauBlocking, 0.12 * e.tauInt());
        assertEquals(19.0, tauBlocking, 0.12 * 19);
    }

    @Test
    void constantAndShortTracesAreHandled() {
        Estimate constant = McStatistics.estimate(new double[][] {{2, 2, 2, 2}, {2, 2, 2, 2}});
        assertEquals(new Estimate(2, 0, 1, 8, 0, 1.0), constant);
        Estimate single = McStatistics.estimate(new double[] {4.5});
        assertEquals(4.5, single.mean());
        assertTrue(Double.isNaN(single.stderr()) && Double.isNaN(single.rHat()));
        Estimate oneRecordEach = McStatistics.estimate(new double[][] {{1}, {3}});
        assertEquals(2.0, oneRecordEach.mean());
        assertEquals(1.0, oneRecordEach.stderr(), 1e-12); // sqrt(var 2 / 2 samples)
        Estimate two = McStatistics.estimate(new double[] {1, 3});
        assertTrue(Double.isFinite(two.stderr()) && two.stderr() > 0);
        Estimate alternating = McStatistics.estimate(new double[] {1, -1, 1, -1, 1, -1, 1, -1});
        assertTrue(alternating.tauInt() > 0 && alternating.stderr() >= 0);
    }

    @Test
    void badInputIsRejectedInOneLine() {
        B4jException ragged = assertThrows(B4jException.class,
                () -> McStatistics.estimate(new double[][] {{1, 2}, {1}}));
        assertEquals(B4jException.Kind.BAD_INPUT, ragged.kind());
        B4jException nan = assertThrows(B4jException.class, () -> McStatistics.estimate(new double[] {1, Double.NaN}));
        assertEquals(B4jException.Kind.FAILURE, nan.kind());
        assertThrows(B4jException.class, () -> McStatistics.estimate(new double[0][]));
    }

    @Test
    void kishEffectiveSampleSize() {
        double[] x = new double[100];
        double[] lw = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i;
            lw[i] = i < 50 ? 0 : Math.log(3);
        }
        Estimate e = McStatistics.weighted(x, lw);
        assertEquals(200.0 * 200.0 / (50 + 50 * 9), e.ess(), 1e-9);
        assertEquals(100 / e.ess(), e.tauInt(), 1e-12);
        assertEquals((49 * 50 / 2.0 + 3 * (4950 - 49 * 50 / 2.0)) / 200, e.mean(), 1e-9);
        assertTrue(Double.isNaN(e.rHat()));
        Estimate uniform = McStatistics.weighted(x, new double[100]);
        assertEquals(100, uniform.ess(), 1e-9);
        assertEquals(49.5, uniform.mean(), 1e-12);
        // the delta-method error of equal weights is the plain sd / sqrt(n) with 1/n variance
        assertEquals(Math.sqrt(uniform.variance() / 100), uniform.stderr(), 1e-12);
    }

    @Test
    void weightedEstimateOfShiftedGaussianMean() {
        // samples from N(0,1) reweighted to N(mu,1): ln w = mu x - mu^2/2, and <x> = mu
        SplittableRandom rng = new SplittableRandom(23);
        double mu = 0.7;
        int inside = 0;
        int replicas = 200;
        int n = 4000;
        double meanEss = 0;
        double meanVariance = 0;
        for (int r = 0; r < replicas; r++) {
            double[] x = new double[n];
            double[] lw = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextGaussian();
                lw[i] = mu * x[i] + 1000; // a large offset must not matter
            }
            Estimate e = McStatistics.weighted(x, lw);
            inside += Math.abs(e.mean() - mu) < e.stderr() ? 1 : 0;
            meanEss += e.ess() / replicas;
            meanVariance += e.variance() / replicas;
        }
        double coverage = inside / (double) replicas;
        assertTrue(coverage > 0.58 && coverage < 0.78, "coverage " + coverage);
        // Kish ESS of these weights tends to n exp(-mu^2)
        assertEquals(n * Math.exp(-mu * mu), meanEss, 0.02 * n * Math.exp(-mu * mu));
        assertEquals(1.0, meanVariance, 0.02);
    }

    @Test
    void weightedRejectsBrokenWeights() {
        assertThrows(B4jException.class, () -> McStatistics.weighted(new double[] {1, 2}, new double[] {0}));
        assertThrows(B4jException.class, () -> McStatistics.weighted(new double[] {1},
                new double[] {Double.NEGATIVE_INFINITY}));
        Estimate e = McStatistics.weighted(new double[] {1, 5}, new double[] {0, Double.NEGATIVE_INFINITY});
        assertEquals(1.0, e.mean());
        assertEquals(1.0, e.ess());
    }

    @Test
    void theEssNeverExceedsTheSamples() {
        double[] alternating = new double[64];
        for (int t = 0; t < alternating.length; t++) {
            alternating[t] = t % 2 == 0 ? 1 : -1.1;
        }
        Estimate one = McStatistics.estimate(alternating);
        assertTrue(one.ess() <= alternating.length, one.toString());
        Estimate many = McStatistics.estimate(ar1(new SplittableRandom(4), 3, 8, -0.8, 0));
        assertTrue(many.ess() <= 3 * 8, many.toString());
    }

    @Test
    void anErrorBarIsTrustedOnlyWithEnoughTauIntPerChainAndAgreeingChains() {
        SplittableRandom rng = new SplittableRandom(12);
        // rho = 0.9: tau_int = 19
        Estimate longChains = McStatistics.estimate(ar1(rng, 4, 20000, 0.9, 0));
        assertEquals(null, McStatistics.distrust(longChains, 20000));
        Estimate shortChains = McStatistics.estimate(ar1(rng, 64, 100, 0.9, 0));
        String reason = McStatistics.distrust(shortChains, 100);
        assertTrue(reason != null && reason.contains("tau_int per chain"), String.valueOf(reason));
        Estimate raised = McStatistics.untrusted(shortChains);
        assertEquals(Math.sqrt(shortChains.variance()), raised.stderr(), 1e-12);
        assertEquals(raised.variance() * raised.tauInt() / (64 * 100), raised.stderr() * raised.stderr(), 1e-12);

        double[][] apart = ar1(rng, 4, 20000, 0.5, 0);
        for (int t = 0; t < apart[0].length; t++) {
            apart[0][t] += 1.5; // one chain in another state
        }
        String disagree = McStatistics.distrust(McStatistics.estimate(apart), 20000);
        assertTrue(disagree != null && disagree.contains("R-hat"), String.valueOf(disagree));
    }

    /** AR(1) chains with unit stationary variance, all started at {@code start} instead of in equilibrium. */
    private static double[][] startedAt(SplittableRandom rng, int chains, int length, double rho, double start) {
        double[][] x = new double[chains][length];
        double s = Math.sqrt(1 - rho * rho);
        for (int c = 0; c < chains; c++) {
            double v = start;
            for (int t = 0; t < length; t++) {
                v = rho * v + s * rng.nextGaussian();
                x[c][t] = v;
            }
        }
        return x;
    }

    @Test
    void startDriftIsStudentsTUnderStationarityWhateverTau() {
        SplittableRandom rng = new SplittableRandom(31);
        int replicas = 400;
        double sum = 0;
        double sum2 = 0;
        int beyond = 0;
        for (int r = 0; r < replicas; r++) {
            // 32 chains of 400 records with tau_int = 199: two tau per chain, far too short for tau itself
            double t = McStatistics.startDrift(ar1(rng, 32, 400, 0.99, 2.0));
            sum += t;
            sum2 += t * t;
            beyond += Math.abs(t) > McStatistics.MAX_START_DRIFT ? 1 : 0;
        }
        double mean = sum / replicas;
        double sd = Math.sqrt(sum2 / replicas - mean * mean);
        assertEquals(0, mean, 4 / Math.sqrt(replicas), "mean t");
        assertEquals(Math.sqrt(31.0 / 29), sd, 0.1, "sd of t with 31 degrees of freedom");
        assertEquals(0, beyond, "false alarms");
        assertTrue(Double.isNaN(McStatistics.startDrift(ar1(rng, 15, 400, 0.5, 0))), "too few chains");
        assertTrue(Double.isNaN(McStatistics.startDrift(ar1(rng, 32, 15, 0.5, 0))), "too few records");
        assertTrue(Double.isNaN(McStatistics.startDrift(new double[32][100])), "constant chains");
    }

    @Test
    void chainsRecordedBeforeTheyRelaxedAreDistrustedWhereRHatSeesNothing() {
        // started 15 sd off, relaxing over 50 records, recorded from the first: 40 tau_int per chain
        double[][] early = startedAt(new SplittableRandom(8), 64, 4000, 0.98, 15);
        Estimate e = McStatistics.estimate(early);
        assertTrue(McStatistics.splitRHat(early) < McStatistics.MAX_R_HAT, "R-hat " + McStatistics.splitRHat(early));
        assertEquals(null, McStatistics.distrust(e, 4000), "tau_int and R-hat alone trust it");
        double t = McStatistics.startDrift(early);
        assertTrue(t > 2 * McStatistics.MAX_START_DRIFT, "t " + t);
        String reason = McStatistics.distrust(e, early);
        assertTrue(reason != null && reason.contains("first tenth"), String.valueOf(reason));
        assertTrue(Math.abs(e.mean()) > 4 * e.stderr(), "the start biases the mean: " + e);

        double[][] warmed = new double[64][];
        for (int c = 0; c < 64; c++) {
            warmed[c] = java.util.Arrays.copyOfRange(early[c], 500, 4000);
        }
        assertEquals(null, McStatistics.distrust(McStatistics.estimate(warmed), warmed), "after 10 relaxation times");
    }
}
