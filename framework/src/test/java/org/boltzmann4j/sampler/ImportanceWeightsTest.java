package org.boltzmann4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.boltzmann4j.model.autoregressive.Made;
import org.boltzmann4j.testing.Enumeration;
import org.boltzmann4j.testing.Models;
import org.boltzmann4j.testing.TinyIsing;
import org.junit.jupiter.api.Test;

class ImportanceWeightsTest {

    @Test
    void streamingAndArrayStatisticsAgree() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] logw = new double[1000];
        ImportanceWeights.Accumulator acc = new ImportanceWeights.Accumulator();
        for (int k = 0; k < logw.length; k++) {
            logw[k] = 300 + 3 * rng.nextGaussian(); // large offsets must not overflow
            acc.add(logw[k]);
        }
        RunRecord.LnZ a = ImportanceWeights.lnZ(logw, logw.length);
        RunRecord.LnZ b = acc.lnZ();
        assertEquals(a.estimate(), b.estimate(), 1e-10);
        assertEquals(a.stderr(), b.stderr(), 1e-10);
        assertEquals(ImportanceWeights.kishEss(logw, logw.length), acc.kishEss(), 1e-8);
        assertEquals(1000, acc.count());
        double[] equal = new double[50];
        assertEquals(50, ImportanceWeights.kishEss(equal, 50), 1e-12);
        assertEquals(0, ImportanceWeights.lnZ(equal, 50).stderr(), 1e-12);
        assertEquals(1, ImportanceWeights.independenceAcceptance(equal, 50), 1e-12);
    }

    @Test
    void acceptanceEstimateMatchesTheExactStationaryAcceptance() {
        TinyIsing system = new TinyIsing(2, 3, 0.5, 0.2);
        Enumeration exact = new Enumeration(system);
        Made made = Models.skewedMade(6, 1, 89);
        double[] logq = new double[64];
        made.logDensity(Enumeration.all(6), 64, logq);
        double exactAcceptance = 0;
        for (int s = 0; s < 64; s++) {
            double lws = -system.energy(Enumeration.configuration(s, 6)) - logq[s];
            for (int t = 0; t < 64; t++) {
                double lwt = -system.energy(Enumeration.configuration(t, 6)) - logq[t];
                exactAcceptance += exact.probability(s) * Math.exp(logq[t]) * Math.min(1, Math.exp(lwt - lws));
            }
        }
        int n = 4000;
        byte[] xs = new byte[n * 6];
        double[] lq = new double[n];
        made.sample(n, new SplittableRandom(97), xs, lq);
        double[] u = new double[n];
        system.energies(xs, n, u);
        double[] logw = new double[n];
        for (int k = 0; k < n; k++) {
            logw[k] = -u[k] - lq[k];
        }
        assertEquals(exactAcceptance, ImportanceWeights.independenceAcceptance(logw, n), 0.02,
                "p-weighted estimate; the unweighted q×q average would be about 0.68 here");
        RunRecord.LnZ lnZ = ImportanceWeights.lnZ(logw, n);
        assertEquals(exact.lnZ(), lnZ.estimate(), 4 * lnZ.stderr());
    }
}
