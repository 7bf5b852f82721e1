package org.boltzmann4j.model.autoregressive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.boltzmann4j.testing.Enumeration;
import org.boltzmann4j.testing.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PixelCnnTest {

    @Test
    void probabilitiesSumToOneOverAllConfigurations() {
        PixelCnn model = Models.skewedPixelCnn(3, 3, 3);
        double[] logq = new double[512];
        model.logDensity(Enumeration.all(9), 512, logq);
        assertEquals(1.0, Arrays.stream(logq).map(Math::exp).sum(), 1e-12);
        double spread = Arrays.stream(logq).max().getAsDouble() - Arrays.stream(logq).min().getAsDouble();
        assertTrue(spread > 3, "the model must be far from uniform: " + spread);
    }

    @Test
    void samplingAndConditionalRegenerationAgreeWithLogDensity() {
        PixelCnn model = Models.skewedPixelCnn(4, 5, 7);
        int n = 40;
        byte[] xs = new byte[n * 20];
        double[] sampled = new double[n];
        model.sample(n, new SplittableRandom(11), xs, sampled);
        double[] exact = new double[n];
        model.logDensity(xs, n, exact);
        assertArrayEquals(exact, sampled, 1e-12);
        byte[] regenerated = xs.clone();
        int[] from = new int[n];
        Arrays.fill(from, 12);
        model.sampleTail(regenerated, n, from, new SplittableRandom(13), sampled);
        model.logDensity(regenerated, n, exact);
        assertArrayEquals(exact, sampled, 1e-12);
        for (int k = 0; k < n; k++) {
            assertTrue(Arrays.equals(xs, k * 20, k * 20 + 12, regenerated, k * 20, k * 20 + 12));
        }
    }

    @Test
    void sampleFrequenciesMatchTheModel() {
        PixelCnn model = Models.skewedPixelCnn(2, 3, 17);
        double[] logq = new double[64];
        model.logDensity(Enumeration.all(6), 64, logq);
        int n = 60_000;
        byte[] xs = new byte[n * 6];
        model.sample(n, new SplittableRandom(19), xs, new double[n]);
        long[] counts = new long[64];
        for (int k = 0; k < n; k++) {
            counts[Enumeration.index(xs, k * 6, 6)]++;
        }
        double chi2 = 0;
        for (int c = 0; c < 64; c++) {
            double expected = n * Math.exp(logq[c]);
            chi2 += (counts[c] - expected) * (counts[c] - expected) / expected;
        }
        assertTrue(chi2 < 63 + 5 * Math.sqrt(126), "chi2 = " + chi2);
    }

    @Test
    void backwardMatchesFiniteDifferences() throws Exception {
        PixelCnn model = Models.skewedPixelCnn(3, 4, 23);
        int n = 4;
        byte[] xs = new byte[n * 12];
        model.sample(n, new SplittableRandom(29), xs, new double[n]);
        double[] c = {0.7, -1.1, 0.3, 1.9};
        double[] gradient = new double[model.parameterCount()];
        model.forward(xs, n, new double[n]);
        model.backward(c, gradient);
        Field field = PixelCnn.class.getDeclaredField("theta");
        field.setAccessible(true);
        double[] theta = (double[]) field.get(model);
        double h = 1e-6;
        for (int p = 0; p < theta.length; p++) {
            double saved = theta[p];
            theta[p] = saved + h;
            double plus = weighted(model, xs, n, c);
            theta[p] = saved - h;
            double minus = weighted(model, xs, n, c);
            theta[p] = saved;
            double numeric = (plus - minus) / (2 * h);
            assertEquals(numeric, gradient[p], 1e-6 * Math.max(1, Math.abs(numeric)), "parameter " + p);
        }
    }

    private static double weighted(PixelCnn model, byte[] xs, int n, double[] c) {
        double[] logq = new double[n];
        model.logDensity(xs, n, logq);
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += c[k] * logq[k];
        }
        return s;
    }

    @Test
    void saveAndLoadRoundTripExactly(@TempDir Path dir) {
        PixelCnn model = Models.skewedPixelCnn(3, 3, 31);
        model.save(dir);
        PixelCnn loaded = PixelCnn.load(dir);
        assertArrayEquals(model.parameters(), loaded.parameters(), 0);
        byte[] xs = new byte[10 * 9];
        model.sample(10, new SplittableRandom(37), xs, new double[10]);
        model.maximumLikelihoodStep(xs, 10);
        loaded.maximumLikelihoodStep(xs, 10);
        assertArrayEquals(model.parameters(), loaded.parameters(), 0);
    }
}
