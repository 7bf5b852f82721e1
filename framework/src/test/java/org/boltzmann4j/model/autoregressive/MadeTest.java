package org.boltzmann4j.model.autoregressive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.boltzmann4j.testing.Enumeration;
import org.boltzmann4j.testing.Models;
import org.boltzmann4j.testing.TinyIsing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MadeTest {

    static Made skewed(int sites, int layers, long seed) {
        return Models.skewedMade(sites, layers, seed);
    }

    private static double[] allLogq(org.boltzmann4j.model.GenerativeModel<byte[]> model, int d) {
        byte[] all = Enumeration.all(d);
        double[] logq = new double[1 << d];
        model.logDensity(all, 1 << d, logq);
        return logq;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void backwardMatchesFiniteDifferences(int layers) throws Exception {
        Made made = skewed(7, layers, 19);
        int n = 5;
        byte[] xs = new byte[n * 7];
        made.sample(n, new SplittableRandom(23), xs, new double[n]);
        double[] c = {0.3, -1.2, 0.7, 0.05, -0.4};
        double[] gradient = new double[made.parameterCount()];
        made.forward(xs, n, new double[n]);
        made.backward(c, gradient);

        java.lang.reflect.Field field = Made.class.getDeclaredField("theta");
        field.setAccessible(true);
        double[] theta = (double[]) field.get(made);
        java.lang.reflect.Field version = Made.class.getDeclaredField("version");
        version.setAccessible(true);
        double h = 1e-6;
        int checked = 0;
        for (int p = 0; p < theta.length; p++) {
            if (theta[p] == 0 && gradient[p] == 0) {
                continue; // a masked weight: kept at zero, never updated
            }
            double saved = theta[p];
            theta[p] = saved + h;
            version.setLong(made, version.getLong(made) + 1);
            double plus = weighted(made, xs, n, c);
            theta[p] = saved - h;
            version.setLong(made, version.getLong(made) + 1);
            double minus = weighted(made, xs, n, c);
            theta[p] = saved;
            version.setLong(made, version.getLong(made) + 1);
            double numeric = (plus - minus) / (2 * h);
            assertEquals(numeric, gradient[p], 1e-6 * Math.max(1, Math.abs(numeric)), "parameter " + p);
            checked++;
        }
        assertTrue(checked > theta.length / 4, "most unmasked parameters must have a gradient");
    }

    private static double weighted(Made made, byte[] xs, int n, double[] c) {
        double[] logq = new double[n];
        made.logDensity(xs, n, logq);
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += c[k] * logq[k];
        }
        return s;
    }

    @Test
    void maximumLikelihoodLearnsABoltzmannDistribution() {
        TinyIsing ising = new TinyIsing(3, 3, 0.4, 0.1);
        Enumeration exact = new Enumeration(ising);
        Made made = new Made(9, 32, 1, 0.01, 10, 37);
        SplittableRandom rng = new SplittableRandom(39);
        int n = 256;
        byte[] xs = new byte[n * 9];
        double before = forwardKl(made, exact);
        for (int step = 0; step < 300; step++) {
            for (int k = 0; k < n; k++) {
                double r = rng.nextDouble();
                int c = 0;
                while (c < 511 && (r -= exact.probability(c)) > 0) {
                    c++;
                }
                System.arraycopy(Enumeration.configuration(c, 9), 0, xs, k * 9, 9);
            }
            made.maximumLikelihoodStep(xs, n);
        }
        double after = forwardKl(made, exact);
        assertTrue(before > 0.3, "KL(p||q) before training: " + before);
        assertTrue(after < 0.02, "KL(p||q) after training: " + after);
    }

    private static double forwardKl(Made made, Enumeration exact) {
        double[] logq = allLogq(made, 9);
        double kl = 0;
        for (int c = 0; c < 512; c++) {
            kl += exact.probability(c) * (Math.log(exact.probability(c)) - logq[c]);
        }
        return kl;
    }

}
