package org.boltzmann4j.model.autoregressive;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
