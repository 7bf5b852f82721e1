package org.boltzmann4j.analysis.freeenergy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.sampler.UmbrellaRun;
import org.boltzmann4j.sampler.UmbrellaSampling;
import org.junit.jupiter.api.Test;

/**
 * WHAM and MBAR on windows sampled exactly: the unbiased density is N(0, 1), so window k samples
 * N(κ c_k / (1 + κ), 1 / (1 + κ)), either independently or as an AR(1) chain with the same
 * stationary law (to check that autocorrelation widens the errors as it should).
 */
class WhamMbarTest {

    private static final double LOW = -3;
    private static final double HIGH = 3;
    private static final int BINS = 24;

    /** Exact windows: {@code chains} chains of {@code length} records, lag-one correlation rho. */
    static UmbrellaRun gaussianWindows(int windows, int chains, int length, double rho, long seed) {
        double[] centres = UmbrellaSampling.centres(LOW, HIGH, windows);
        double kappa = UmbrellaSampling.kappaForSpacing(centres[1] - centres[0]);
        SplittableRandom rng = new SplittableRandom(seed);
        double[][][] traces = new double[windows][chains][length];
        for (int k = 0; k < windows; k++) {
            double mean = kappa * centres[k] / (1 + kappa);
            double sd = 1 / Math.sqrt(1 + kappa);
            for (int c = 0; c < chains; c++) {
                double x = mean + sd * rng.nextGaussian();
                for (int t = 0; t < length; t++) {
                    x = mean + rho * (x - mean) + Math.sqrt(1 - rho * rho) * sd * rng.nextGaussian();
                    traces[k][c][t] = x;
                }
            }
        }
        return new UmbrellaRun("x", centres, kappa, traces, new double[windows], 0);
    }

    private static double[] exact() {
        return ProfileCheck.exactBins(x -> 0.5 * x * x, LOW, HIGH, BINS);
    }

    @Test
    void independentSamplesReproduceTheGaussianProfile() {
        UmbrellaRun run = gaussianWindows(13, 4, 1000, 0, 5);
        FreeEnergyEstimate wham = Wham.defaults().estimate(run, LOW, HIGH, BINS);
        FreeEnergyEstimate mbar = Mbar.defaults().estimate(run, LOW, HIGH, BINS);
        double cw = ProfileCheck.assertMatches("wham iid", wham.profile(), exact(), 4, 2, BINS);
        double cm = ProfileCheck.assertMatches("mbar iid", mbar.profile(), exact(), 4, 2, BINS);
        // errors are not grossly overestimated either
        assertTrue(cw > 0.25 && cm > 0.25, "chi2 " + cw + " " + cm);
        // window free energies: f_k - f_0 = -ln <e^{-w_k}> ratio, exact for a Gaussian
        double kappa = run.kappa();
        for (int k = 0; k < run.windows(); k++) {
            double exactF = exactWindowF(run.centres()[k], kappa) - exactWindowF(run.centres()[0], kappa);
            assertEquals(exactF, mbar.windowFreeEnergies()[k], 4 * mbar.windowStderr()[k] + 1e-9, "mbar window " + k);
            double restricted = restrictedWindowF(run, k) - restrictedWindowF(run, 0);
            assertEquals(restricted, wham.windowFreeEnergies()[k], 4 * wham.windowStderr()[k], "wham window " + k);
        }
    }

    /** f_k of window k with the density restricted to [LOW, HIGH], as WHAM defines it. */
    private static double restrictedWindowF(UmbrellaRun run, int k) {
        return -Math.log(ProfileCheck.integral(x -> 0.5 * x * x + run.bias(k, x), LOW, HIGH, 4000)
                / ProfileCheck.integral(x -> 0.5 * x * x, LOW, HIGH, 4000));
    }

    /** f_k = -ln ∫ N(0,1)(x) e^{-κ/2 (x - c)²} dx = ½ ln(1 + κ) + κ c² / (2 (1 + κ)). */
    private static double exactWindowF(double c, double kappa) {
        return 0.5 * Math.log(1 + kappa) + kappa * c * c / (2 * (1 + kappa));
    }

    @Test
    void correlatedSamplesStillCoverTheTruth() {
        UmbrellaRun sticky = gaussianWindows(13, 4, 8000, 0.9, 7); // tau_int of x = 19
        FreeEnergyEstimate wham = Wham.defaults().estimate(sticky, LOW, HIGH, BINS);
        FreeEnergyEstimate mbar = Mbar.defaults().estimate(sticky, LOW, HIGH, BINS);
        ProfileCheck.assertMatches("wham ar1", wham.profile(), exact(), 4, 2, BINS);
        ProfileCheck.assertMatches("mbar ar1", mbar.profile(), exact(), 4, 2, BINS);
        for (double g : wham.statisticalInefficiency()) {
            assertEquals(19, g, 6);
        }
    }

    @Test
    void repeatedRecordsDoNotShrinkTheErrors() {
        UmbrellaRun iid = gaussianWindows(13, 4, 1000, 0, 17);
        double[][][] repeated = new double[13][4][8000];
        for (int k = 0; k < 13; k++) {
            for (int c = 0; c < 4; c++) {
                for (int t = 0; t < 8000; t++) {
                    repeated[k][c][t] = iid.traces()[k][c][t / 8];
                }
            }
        }
        UmbrellaRun sticky = new UmbrellaRun("x", iid.centres(), iid.kappa(), repeated, new double[13], 0);
        for (boolean mbar : new boolean[] {false, true}) {
            FreeEnergyEstimate a = mbar ? Mbar.defaults().estimate(iid, LOW, HIGH, BINS) : Wham.defaults().estimate(iid, LOW, HIGH, BINS);
            FreeEnergyEstimate b = mbar ? Mbar.defaults().estimate(sticky, LOW, HIGH, BINS) : Wham.defaults().estimate(sticky, LOW, HIGH, BINS);
            double ratio = 0;
            for (int bin = 0; bin < BINS; bin++) {
                ratio += b.profile().stderr()[bin] / a.profile().stderr()[bin] / BINS;
            }
            System.out.printf("%s: stderr ratio repeated/iid %.3f%n", mbar ? "mbar" : "wham", ratio);
            assertEquals(1.0, ratio, 0.15, mbar ? "mbar" : "wham");
        }
    }

    @Test
    void whamAndMbarAgreeWithEachOther() {
        UmbrellaRun run = gaussianWindows(13, 4, 2000, 0.5, 11);
        FreeEnergyEstimate wham = Wham.defaults().estimate(run, LOW, HIGH, BINS);
        FreeEnergyEstimate mbar = Mbar.defaults().estimate(run, LOW, HIGH, BINS);
        for (int b = 0; b < BINS; b++) {
            double diff = wham.profile().freeEnergy()[b] - mbar.profile().freeEnergy()[b];
            double sigma = Math.max(wham.profile().stderr()[b], mbar.profile().stderr()[b]);
            assertTrue(Math.abs(diff) < 2 * sigma, "bin " + b + ": WHAM - MBAR = " + diff + ", sigma " + sigma);
        }
        BasinFreeEnergy dw = BasinFreeEnergy.fromEstimate(wham, 0.5);
        BasinFreeEnergy dm = BasinFreeEnergy.fromEstimate(mbar, 0.5);
        assertEquals(dw.deltaF(), dm.deltaF(), 2 * Math.max(dw.stderr(), dm.stderr()));
    }

    @Test
    void singleUnbiasedWindowHasBinomialErrors() {
        // κ = 0, one window of n independent samples: var(-ln p_b) = (1 - p) / (n p) for both methods
        SplittableRandom rng = new SplittableRandom(3);
        int n = 20000;
        double[][][] traces = new double[1][1][n];
        for (int t = 0; t < n; t++) {
            traces[0][0][t] = rng.nextGaussian();
        }
        UmbrellaRun run = new UmbrellaRun("x", new double[] {0}, 0, traces, new double[1], 0);
        FreeEnergyEstimate mbar = new Mbar(1e-10, Integer.MAX_VALUE).estimate(run, -8, 8, 8);
        FreeEnergyEstimate wham = new Wham(1, 1e-12, 400, 9).estimate(run, -8, 8, 8);
        for (int b = 2; b < 6; b++) {
            int count = 0;
            for (double x : traces[0][0]) {
                count += Binning.index(x, -8, 8, 8) == b ? 1 : 0;
            }
            double p = count / (double) n;
            double binomial = Math.sqrt((1 - p) / (n * p));
            assertEquals(binomial, mbar.profile().stderr()[b], 1e-6 * binomial, "mbar bin " + b);
            assertEquals(binomial, wham.profile().stderr()[b], 0.15 * binomial, "wham bin " + b);
        }
        assertEquals(mbar.profile().freeEnergy()[3], wham.profile().freeEnergy()[3], 1e-9);
    }

    @Test
    void basinFreeEnergyOfTheGaussianMatchesTheErrorFunction() {
        UmbrellaRun run = gaussianWindows(13, 4, 1000, 0, 13);
        double exact = -Math.log((0.5 - 0.5 * org.hipparchus.special.Erf.erf(0.5 / Math.sqrt(2)) - 0.5 + 0.5 * org.hipparchus.special.Erf.erf(3 / Math.sqrt(2)))
                / (0.5 + 0.5 * org.hipparchus.special.Erf.erf(0.5 / Math.sqrt(2)) - 0.5 + 0.5 * org.hipparchus.special.Erf.erf(3 / Math.sqrt(2))));
        for (FreeEnergyEstimate e : new FreeEnergyEstimate[] {Wham.defaults().estimate(run, LOW, HIGH, BINS),
                Mbar.defaults().estimate(run, LOW, HIGH, BINS)}) {
            BasinFreeEnergy d = BasinFreeEnergy.fromEstimate(e, 0.5);
            System.out.printf("basin dF %.4f +- %.4f exact %.4f%n", d.deltaF(), d.stderr(), exact);
            assertEquals(exact, d.deltaF(), 4 * d.stderr());
            assertTrue(d.stderr() < 0.05, "stderr " + d.stderr());
        }
    }

    @Test
    void rejectsBadInput() {
        UmbrellaRun run = gaussianWindows(3, 1, 10, 0, 1);
        assertThrows(B4jException.class, () -> Wham.defaults().estimate(run, 1, -1, 10));
        assertThrows(B4jException.class, () -> Mbar.defaults().estimate(run, 0, 1, 0));
        assertThrows(B4jException.class, () -> new Wham(0, 1e-10, 10, 1));
        assertThrows(B4jException.class, () -> Wham.defaults().estimate(run, 10, 11, 4));
    }
}
