package org.boltzmann4j.model.autoregressive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.SplittableRandom;

import org.boltzmann4j.testing.Models;
import org.junit.jupiter.api.Test;

class PixelCnnTest {

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

    @Test
    void gradientOfABatchOfSeveralChunksIsTheSumOverItsSamples() {
        PixelCnn model = Models.skewedPixelCnn(3, 4, 23);
        int n = 700; // 341 samples of 12 sites fill one GEMM chunk: three chunks
        byte[] xs = new byte[n * 12];
        model.sample(n, new SplittableRandom(31), xs, new double[n]);
        double[] c = new double[n];
        for (int k = 0; k < n; k++) {
            c[k] = Math.sin(k);
        }
        double[] whole = new double[model.parameterCount()];
        model.forward(xs, n, new double[n]);
        model.backward(c, whole);
        double[] sum = new double[whole.length];
        double[] part = new double[whole.length];
        for (int k = 0; k < n; k++) {
            model.forward(java.util.Arrays.copyOfRange(xs, k * 12, (k + 1) * 12), 1, new double[1]);
            model.backward(new double[] {c[k]}, part);
            for (int p = 0; p < sum.length; p++) {
                sum[p] += part[p];
            }
        }
        for (int p = 0; p < sum.length; p++) {
            assertEquals(sum[p], whole[p], 1e-10 * Math.max(1, Math.abs(sum[p])), "parameter " + p);
        }
    }

    @Test
    void batchedSamplingMatchesBatchedLogDensityAndSumsToOne() {
        // radius 2 on 4 columns: taps reach past the row start, and the sampling ring wraps
        PixelCnn model = new PixelCnn(4, 4, 3, 3, 2, 0.2, Double.POSITIVE_INFINITY, 5);
        Models.SPINS.train(model, 5);
        int n = 300; // more than one sampling block
        byte[] xs = new byte[n * 16];
        double[] sampled = new double[n];
        model.sample(n, new SplittableRandom(3), xs, sampled);
        double[] evaluated = new double[n];
        model.logDensity(xs, n, evaluated);
        for (int k = 0; k < n; k++) {
            assertEquals(evaluated[k], sampled[k], 1e-12 * Math.max(1, Math.abs(evaluated[k])), "sample " + k);
        }
        int[] from = new int[n];
        for (int k = 0; k < n; k++) {
            from[k] = (7 * k) % 17;
        }
        byte[] head = xs.clone();
        model.sampleTail(xs, n, from, new SplittableRandom(4), sampled);
        model.logDensity(xs, n, evaluated);
        for (int k = 0; k < n; k++) {
            assertEquals(evaluated[k], sampled[k], 1e-12 * Math.max(1, Math.abs(evaluated[k])), "tail " + k);
            for (int j = 0; j < from[k]; j++) {
                assertEquals(head[k * 16 + j], xs[k * 16 + j], "kept site " + j + " of sample " + k);
            }
        }
        int all = 1 << 16;
        byte[] every = new byte[all * 16];
        for (int x = 0; x < all; x++) {
            for (int j = 0; j < 16; j++) {
                every[x * 16 + j] = (byte) ((x >> j & 1) == 1 ? 1 : -1);
            }
        }
        double[] logq = new double[all];
        model.logDensity(every, all, logq);
        double total = 0;
        double largest = 0;
        for (double v : logq) {
            total += Math.exp(v);
            largest = Math.max(largest, Math.exp(v));
        }
        assertEquals(1, total, 1e-12);
        assertTrue(largest > 100.0 / all, "q should be far from uniform: largest " + largest);
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

}
