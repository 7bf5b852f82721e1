package org.boltzmann4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.systems.Phi4Lattice;
import org.boltzmann4j.systems.Systems;
import org.junit.jupiter.api.Test;

/**
 * Functions of several averages: the block jackknife's error is honest on autocorrelated chains
 * (z-scores over repeated experiments have unit spread, where an error ignoring autocorrelation
 * would be six times too small), and a function of untrusted averages is untrusted.
 */
class DerivedObservablesTest {

    /** AR(1) with correlation rho (τ_int = (1+rho)/(1-rho) = 39), stationary, mean mu, unit variance. */
    private static double[][] ar1(SplittableRandom rng, int chains, int length, double rho, double mu) {
        double[][] x = new double[chains][length];
        double noise = Math.sqrt(1 - rho * rho);
        for (double[] chain : x) {
            double v = rng.nextGaussian();
            for (int t = 0; t < length; t++) {
                v = rho * v + noise * rng.nextGaussian();
                chain[t] = mu + v;
            }
        }
        return x;
    }

    @Test
    void jackknifeErrorOfARatioOfAveragesIsHonestUnderAutocorrelation() {
        for (int chains : new int[] {1, 4, 64}) {
            SplittableRandom rng = new SplittableRandom(17 + chains);
            int repeats = 200;
            double sum = 0;
            double sumSquares = 0;
            for (int r = 0; r < repeats; r++) {
                double[][] a = ar1(rng, chains, 16_000 / chains, 0.95, 1);
                double[][] b = ar1(rng, chains, 16_000 / chains, 0.95, 4);
                Estimate e = DerivedObservables.ofMeans(List.of(a, b), null, m -> m[0] / m[1]);
                double z = (e.mean() - 0.25) / e.stderr();
                sum += z;
                sumSquares += z * z;
            }
            double mean = sum / repeats;
            double sd = Math.sqrt(sumSquares / repeats - mean * mean);
            assertEquals(0, mean, 0.25, chains + " chains: mean z-score");
            assertTrue(sd > 0.85 && sd < 1.2, chains + " chains: spread of the z-scores " + sd);
        }
    }

    @Test
    void aFunctionOfUntrustedAveragesIsUntrusted() {
        BoltzmannSystem<?> lattice = Systems.create(Phi4Lattice.NAME, Map.of("L", "2", "m2", "1", "lambda", "0"));
        SplittableRandom rng = new SplittableRandom(4);
        int chains = 4;
        int length = 400;
        double[][][] traces = new double[2][chains][length];
        for (int c = 0; c < chains; c++) {
            for (int t = 0; t < length; t++) {
                traces[0][c][t] = 0.3 + 0.05 * rng.nextGaussian() + 0.2 * c; // chains that disagree: R-hat >> 1
                traces[1][c][t] = 0.1 + 0.05 * rng.nextGaussian();
            }
        }
        RunRecord record = new RunRecord(List.of("correlator_t0", "correlator_t1"), traces, 1, null, Map.of(),
                Map.of(), 1, null, length, Map.of(), List.of());
        RunReport r = RunAnalysis.analyze(lattice, record);
        assertTrue(r.untrusted().containsKey("correlator_t0"), r.untrusted().toString());
        assertEquals("derived from correlator_t0", r.untrusted().get(Phi4Lattice.CORRELATION_LENGTH));
        assertTrue(Double.isNaN(r.observables().get(Phi4Lattice.CORRELATION_LENGTH).stderr()));
    }
}
