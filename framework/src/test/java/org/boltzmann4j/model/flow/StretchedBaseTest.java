package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base stretched along one direction: the Gaussian it stands for, its own samples, and saving. */
class StretchedBaseTest {

    private static final int D = 8;
    private static final double K = 5;

    /** P = 3 I − (ring neighbours): translation-invariant, the uniform vector an eigenvector with eigenvalue 1. */
    private static double[] ring() {
        double[] p = new double[D * D];
        for (int i = 0; i < D; i++) {
            p[i * D + i] = 3;
            p[i * D + (i + 1) % D] = -1;
            p[i * D + (i + D - 1) % D] = -1;
        }
        return p;
    }

    private static double[] uniform() {
        double[] u = new double[D];
        Arrays.fill(u, 1 / Math.sqrt(D));
        return u;
    }

    @Test
    void isTheGaussianWithThatModeWidened() {
        double[] p = ring();
        double[] u = uniform();
        double[] widened = p.clone();
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                widened[i * D + j] += (1 / (K * K) - 1) * u[i] * u[j];
            }
        }
        StretchedBase stretched = new StretchedBase(new GaussianPrecision(new double[D], p), u, K);
        GaussianPrecision exact = new GaussianPrecision(new double[D], widened);
        int n = 4;
        double[] z = Flows.gaussian(n * D, 2, 3);
        double[] logp = new double[n];
        double[] gradient = new double[n * D];
        stretched.logDensityAndGradient(z, n, logp, gradient);
        double[] exactLogp = new double[n];
        double[] exactGradient = new double[n * D];
        exact.logDensityAndGradient(z, n, exactLogp, exactGradient);
        for (int k = 0; k < n; k++) {
            assertEquals(exactLogp[k], logp[k], 1e-12);
        }
        for (int i = 0; i < n * D; i++) {
            assertEquals(exactGradient[i], gradient[i], 1e-12);
        }
    }

    @Test
    void samplesCarryTheirDensityAndTheWiderMode() {
        StretchedBase stretched = new StretchedBase(new GaussianPrecision(new double[D], ring()), uniform(), K);
        int n = 20000;
        double[] z = new double[n * D];
        double[] logp = new double[n];
        stretched.sample(n, new SplittableRandom(5), z, logp);
        double[] again = new double[n];
        stretched.logDensity(z, n, again);
        double sq = 0;
        for (int k = 0; k < n; k++) {
            assertEquals(logp[k], again[k], 1e-10);
            double a = 0;
            for (int i = 0; i < D; i++) {
                a += z[k * D + i] / Math.sqrt(D);
            }
            sq += a * a;
        }
        // variance K² / 1 along u; its estimate from n draws has a relative sd of √(2/n) = 1%
        assertEquals(K * K, sq / n, 0.05 * K * K);
    }

    @Test
    void aFlowOnItSavesAndLoads(@TempDir Path dir) {
        int d = 16;
        double[] u = new double[d];
        Arrays.fill(u, 0.25);
        ConvFlow flow = ConvFlow.create(new ConvFlowConfig(4, 4, 4, 2, true, false, 1e-3, 10, 2),
                new StretchedBase(new GaussianPrecision(new double[d], Flows.spd(d, 2)), u, 3), 1);
        Flows.randomize(flow, 0.3, 2);
        flow.save(dir);
        ConvFlow loaded = ConvFlow.load(dir);
        double[] x = Flows.gaussian(3 * d, 1, 4);
        double[] a = new double[3];
        double[] b = new double[3];
        flow.logDensity(x, 3, a);
        loaded.logDensity(x, 3, b);
        for (int k = 0; k < 3; k++) {
            assertEquals(a[k], b[k], 0);
        }
    }
}
