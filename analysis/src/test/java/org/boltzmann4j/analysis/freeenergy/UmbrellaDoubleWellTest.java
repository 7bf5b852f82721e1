package org.boltzmann4j.analysis.freeenergy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.boltzmann4j.analysis.stats.Crossings;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.Mala;
import org.boltzmann4j.kernel.StepSize;
import org.boltzmann4j.sampler.UmbrellaRun;
import org.boltzmann4j.sampler.UmbrellaSampling;
import org.boltzmann4j.system.LinearCollectiveVariable;
import org.boltzmann4j.systems.DoubleWell;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Umbrella sampling on the 2D double well, barrier 8 kT, tilt 0.5: WHAM and MBAR against the exact
 * profile of x_0, U(x_0) = 8 (x_0² - 1)² + 0.5 x_0, and the free-energy difference of the wells.
 */
class UmbrellaDoubleWellTest {

    private static final double LOW = -1.5;
    private static final double HIGH = 1.5;
    private static final int BINS = 24;
    private static final DoubleWell SYSTEM = new DoubleWell(Parameters.resolve(DoubleWell.NAME, DoubleWell.PARAMETERS,
            Map.of("d", "2", "barrier", "8", "tilt", "0.5")));
    private static final LinearCollectiveVariable X0 = LinearCollectiveVariable.coordinate("x0", 2, 0);

    private static UmbrellaRun run;
    private static FreeEnergyEstimate wham;
    private static FreeEnergyEstimate mbar;

    @BeforeAll
    static void sample() {
        run = UmbrellaRuns.run(s -> new Mala(s, new StepSize(0.1, 0.574, true)), 8, 500, 4000, SYSTEM, X0, LOW, HIGH, 25, 7);
        wham = Wham.defaults().estimate(run, LOW, HIGH, BINS);
        mbar = Mbar.defaults().estimate(run, LOW, HIGH, BINS);
    }

    private static double u(double x) {
        return 8 * (x * x - 1) * (x * x - 1) + 0.5 * x;
    }

    @Test
    void windowsAreSpreadAndAccepting() {
        assertEquals(50, run.windows()); // 25 centres, swept both ways
        assertEquals(UmbrellaSampling.kappaForSpacing(0.125), run.kappa(), 1e-9);
        for (int k = 0; k < run.windows(); k++) {
            assertTrue(run.acceptance()[k] > 0.4 && run.acceptance()[k] < 0.8, "acceptance " + run.acceptance()[k]);
        }
    }

    @Test
    void whamReproducesTheExactProfile() {
        ProfileCheck.assertMatches("dw wham", wham.profile(), ProfileCheck.exactBins(UmbrellaDoubleWellTest::u, LOW, HIGH, BINS), 4, 2, BINS);
    }

    @Test
    void mbarReproducesTheExactProfile() {
        ProfileCheck.assertMatches("dw mbar", mbar.profile(), ProfileCheck.exactBins(UmbrellaDoubleWellTest::u, LOW, HIGH, BINS), 4, 2, BINS);
    }

    @Test
    void wellFreeEnergyDifferenceMatchesQuadrature() {
        double exact = -Math.log(ProfileCheck.integral(UmbrellaDoubleWellTest::u, 0, HIGH, 4000)
                / ProfileCheck.integral(UmbrellaDoubleWellTest::u, LOW, 0, 4000));
        for (FreeEnergyEstimate e : List.of(wham, mbar)) {
            BasinFreeEnergy d = BasinFreeEnergy.fromEstimate(e, 0);
            System.out.printf("dw Delta F %.4f +- %.4f, exact %.4f%n", d.deltaF(), d.stderr(), exact);
            assertEquals(exact, d.deltaF(), 4 * d.stderr());
            assertTrue(d.stderr() < 0.15, "stderr " + d.stderr());
        }
        BasinFreeEnergy fromExact = BasinFreeEnergy.fromProfile(new org.boltzmann4j.analysis.profile.Profile(
                wham.profile().x(), ProfileCheck.exactBins(UmbrellaDoubleWellTest::u, LOW, HIGH, BINS), new double[BINS]), null, 0);
        assertEquals(exact, fromExact.deltaF(), 1e-9);
        assertEquals(0, fromExact.stderr());
    }

    /** MBAR keeps at most 10000 samples per window, so the two differ by more than rounding. */
    @Test
    void whamAndMbarAgree() {
        for (int b = 0; b < BINS; b++) {
            double diff = wham.profile().freeEnergy()[b] - mbar.profile().freeEnergy()[b];
            double sigma = Math.max(wham.profile().stderr()[b], mbar.profile().stderr()[b]);
            assertTrue(Math.abs(diff) < 3 * sigma, "bin " + b + ": WHAM - MBAR = " + diff + ", sigma " + sigma);
        }
        for (int k = 0; k < run.windows(); k++) {
            double sigma = Math.max(wham.windowStderr()[k], mbar.windowStderr()[k]);
            assertEquals(wham.windowFreeEnergies()[k], mbar.windowFreeEnergies()[k], 3 * sigma + 1e-9, "window " + k);
        }
    }

    @Test
    void umbrellaBeatsPlainMalaOnTheWellFreeEnergyForTheSameWork() {
        Mala mala = new Mala(SYSTEM, new StepSize(0.1, 0.574, true));
        Chains<double[]> chains = Chains.start(SYSTEM, java.util.Collections.nCopies(8, SYSTEM.metastableStates().get(1)),
                double[]::clone, 3);
        for (int t = 0; t < 25 * 500; t++) {
            mala.sweep(chains);
        }
        mala.freeze();
        int sweeps = 25 * 4000;
        double[][] trace = new double[8][sweeps];
        for (int t = 0; t < sweeps; t++) {
            mala.sweep(chains);
            for (int c = 0; c < 8; c++) {
                trace[c][t] = chains.state(c)[0];
            }
        }
        BasinFreeEnergy plain = BasinFreeEnergy.fromTraces(trace, 0);
        BasinFreeEnergy umbrella = BasinFreeEnergy.fromEstimate(wham, 0);
        System.out.printf("plain MALA: %d crossings, Delta F %.3f +- %.3f; umbrella %.3f +- %.3f%n",
                Crossings.count(trace, 0, 0.5), plain.deltaF(), plain.stderr(), umbrella.deltaF(), umbrella.stderr());
        assertTrue(umbrella.stderr() < plain.stderr() / 2, "umbrella error " + umbrella.stderr() + " vs plain " + plain.stderr());
    }
}
