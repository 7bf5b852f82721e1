package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.boltzmann4j.model.BatchEnergyGradient;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The equivariant augmented coupling flow: ln q(x, a) invariant under joint permutations, rotations
 * and reflections, ln q̂ under translations; sampled ln q equal to the evaluated one; the inverse;
 * the log-determinant against a finite-difference Jacobian in orthonormal coordinates of the
 * centre-of-mass-free subspace; q(x, a) normalized; both training gradients against finite
 * differences; save and checkpoint round trips. Every flow here has randomized weights, so that no
 * layer is the identity.
 */
class EacfTest {

    /** A flow whose layer weights have N(0, noise²) added. */
    private static Eacf flow(int n, int d, double noise, long seed) {
        Eacf flow = Eacf.create(new EacfConfig(n, d, 8, 2, 6, 3.0, 0.7, 0.5, 1e-3, 10, 1.5), seed);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        double[] p = flow.parameters();
        for (int i = 0; i < p.length - 1; i++) {
            p[i] += noise * rng.nextGaussian();
        }
        return flow; // the last parameter, ln(σ/σ₀), stays 0: U ∝ σ⁴ would bend the losses within a finite-difference stencil
    }

    private static double[] joint(Eacf flow, double[] x, double[] a, int n) {
        double[] logq = new double[n];
        flow.logJointDensity(x, a, n, logq);
        return logq;
    }

    /** A random orthogonal d × d matrix (Gram-Schmidt of Gaussian rows), its last row negated when {@code reflect}. */
    private static double[][] orthogonal(int d, boolean reflect, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                q[i][j] = rng.nextGaussian();
            }
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += q[i][j] * q[k][j];
                }
                for (int j = 0; j < d; j++) {
                    q[i][j] -= dot * q[k][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += q[i][j] * q[i][j];
            }
            for (int j = 0; j < d; j++) {
                q[i][j] /= Math.sqrt(norm) * (reflect && i == d - 1 ? -1 : 1);
            }
        }
        return q;
    }

    /** Each configuration's particles rotated by q and reordered: particle i of the result is particle perm[i]. */
    private static double[] transform(double[] x, int count, int n, int d, double[][] q, int[] perm) {
        double[] y = new double[x.length];
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < n; i++) {
                int from = b * n * d + perm[i] * d;
                for (int r = 0; r < d; r++) {
                    double v = 0;
                    for (int c = 0; c < d; c++) {
                        v += q[r][c] * x[from + c];
                    }
                    y[b * n * d + i * d + r] = v;
                }
            }
        }
        return y;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void jointDensityIsInvariantUnderPermutationsRotationsAndReflections(int d) {
        int n = 5;
        int count = 20;
        Eacf flow = flow(n, d, 0.3, 3);
        double[] x = new double[count * n * d];
        double[] a = new double[count * n * d];
        double[] logq = new double[count];
        flow.sampleJoint(count, new SplittableRandom(4), x, a, logq);
        int[] perm = {3, 0, 4, 1, 2};
        for (boolean reflect : new boolean[] {false, true}) {
            double[][] q = orthogonal(d, reflect, 5);
            double[] moved = joint(flow, transform(x, count, n, d, q, perm), transform(a, count, n, d, q, perm), count);
            double[] identity = joint(flow, x, a, count);
            for (int b = 0; b < count; b++) {
                assertEquals(identity[b], moved[b], 1e-10 * Math.max(1, Math.abs(identity[b])), "reflect " + reflect);
            }
        }
    }

    @Test
    void densityOfPositionsIsTranslationInvariantGivenTheSameAuxiliaryDraws() throws IOException {
        int n = 4;
        int d = 3;
        int count = 10;
        Eacf flow = flow(n, d, 0.3, 6);
        double[] x = Flows.gaussian(count * n * d, 1, 7);
        double[] shifted = x.clone();
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < d; c++) {
                    shifted[b * n * d + i * d + c] += 3.5 * (c + 1) - b;
                }
            }
        }
        byte[] state = state(flow);
        double[] here = new double[count];
        flow.logDensity(x, count, here);
        restore(flow, state);
        double[] there = new double[count];
        flow.logDensity(shifted, count, there);
        assertArrayEquals(here, there, 1e-10);
        double[] again = new double[count];
        flow.logDensity(x, count, again);
        assertTrue(again[0] != here[0], "a fresh auxiliary draw changes ln q-hat: it is a one-sample estimate");
    }

    @Test
    void sampledLogDensityIsTheJointOneEvaluatedAgain() {
        int n = 6;
        int d = 3;
        int count = 50;
        Eacf flow = flow(n, d, 0.3, 8);
        double[] x = new double[count * n * d];
        double[] a = new double[count * n * d];
        double[] logq = new double[count];
        flow.sampleJoint(count, new SplittableRandom(9), x, a, logq);
        double[] evaluated = joint(flow, x, a, count);
        for (int b = 0; b < count; b++) {
            assertEquals(logq[b], evaluated[b], 1e-10 * Math.max(1, Math.abs(logq[b])));
            double com = 0;
            for (int i = 0; i < n; i++) {
                com += x[b * n * d + i * d];
            }
            assertEquals(0, com, 1e-12, "samples have their centre of mass at 0");
        }
        double[] x2 = new double[count * n * d];
        double[] marginal = new double[count];
        flow.sample(count, new SplittableRandom(9), x2, marginal);
        assertArrayEquals(x, x2, 0, "sample() draws the same positions");
        for (int b = 0; b < count; b++) {
            assertEquals(logq[b] - flow.logAuxiliary(x, a, b * n * d), marginal[b], 1e-10 * Math.abs(marginal[b]),
                    "sample() reports ln q(x, a) - ln pi(a | x)");
        }
    }

    @Test
    void inverseUndoesForward() {
        int n = 5;
        int d = 3;
        int count = 8;
        Eacf flow = flow(n, d, 0.4, 10);
        double[] x = new double[count * n * d];
        double[] a = new double[count * n * d];
        flow.sampleJoint(count, new SplittableRandom(11), x, a, new double[count]);
        double[] zx = new double[x.length];
        double[] za = new double[x.length];
        double[] inverseLogDet = new double[count];
        flow.inverse(x, a, count, zx, za, inverseLogDet);
        double[] x2 = new double[x.length];
        double[] a2 = new double[x.length];
        double[] forwardLogDet = new double[count];
        flow.forward(zx, za, count, x2, a2, forwardLogDet);
        double moved = 0;
        for (int i = 0; i < x.length; i++) {
            moved = Math.max(moved, Math.abs(x[i] - zx[i]) + Math.abs(a[i] - za[i]));
            assertEquals(x[i], x2[i], 1e-10);
            assertEquals(a[i], a2[i], 1e-10);
        }
        assertTrue(moved > 0.1, "the map is not the identity: " + moved);
        assertArrayEquals(inverseLogDet, forwardLogDet, 1e-10);
    }

    /**
     * An orthonormal basis of V × V in R^{2nd}: Helmert vectors over the particles, times each
     * spatial axis, for the positions and then for the auxiliaries.
     */
    private static double[][] basis(int n, int d) {
        int m = (n - 1) * d;
        double[][] e = new double[2 * m][2 * n * d];
        for (int half = 0; half < 2; half++) {
            for (int k = 1; k < n; k++) {
                double norm = Math.sqrt(k * (k + 1.0));
                for (int c = 0; c < d; c++) {
                    double[] v = e[half * m + (k - 1) * d + c];
                    for (int i = 0; i < k; i++) {
                        v[half * n * d + i * d + c] = 1 / norm;
                    }
                    v[half * n * d + k * d + c] = -k / norm;
                }
            }
        }
        return e;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void logDeterminantMatchesTheFiniteDifferenceJacobianOnTheComFreeSubspace(int d) {
        int n = 3;
        int nd = n * d;
        Eacf flow = flow(n, d, 0.4, 12);
        double[][] e = basis(n, d);
        int size = e.length;
        double[] x = new double[nd];
        double[] a = new double[nd];
        flow.sampleJoint(1, new SplittableRandom(13), x, a, new double[1]);
        double[] zx = new double[nd];
        double[] za = new double[nd];
        double[] logDet = new double[1];
        flow.inverse(x, a, 1, zx, za, logDet);
        double h = 1e-5; // the randomized map bends on scales of 1e-3
        double[] stencil = {-2, -1, 1, 2};
        RealMatrix jacobian = MatrixUtils.createRealMatrix(size, size);
        double[][] at = new double[4][2 * nd];
        double[] ox = new double[nd];
        double[] oa = new double[nd];
        for (int j = 0; j < size; j++) {
            for (int s = 0; s < 4; s++) {
                double[] px = zx.clone();
                double[] pa = za.clone();
                for (int i = 0; i < nd; i++) {
                    px[i] += stencil[s] * h * e[j][i];
                    pa[i] += stencil[s] * h * e[j][nd + i];
                }
                flow.forward(px, pa, 1, ox, oa, new double[1]);
                System.arraycopy(ox, 0, at[s], 0, nd);
                System.arraycopy(oa, 0, at[s], nd, nd);
            }
            for (int i = 0; i < size; i++) {
                double[] coordinate = new double[4];
                for (int s = 0; s < 4; s++) {
                    for (int c = 0; c < 2 * nd; c++) {
                        coordinate[s] += e[i][c] * at[s][c];
                    }
                }
                jacobian.setEntry(i, j, (8 * (coordinate[2] - coordinate[1]) - (coordinate[3] - coordinate[0])) / (12 * h));
            }
        }
        double numeric = Math.log(Math.abs(new LUDecomposition(jacobian).getDeterminant()));
        assertTrue(Math.abs(logDet[0]) > 0.1, "the layers change volume: " + logDet[0]);
        assertEquals(numeric, logDet[0], 1e-6);
    }

    /**
     * ∫∫ q(x, a) over V × V = 1, estimated by importance sampling from a wider Gaussian g on V × V
     * (n = 2, d = 2 and 3: four and six dimensions), within 4 standard errors.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void jointDensityIsNormalizedOnTheComFreeSubspace(int d) {
        int n = 2;
        int nd = n * d;
        int m = (n - 1) * d;
        Eacf flow = flow(n, d, 0.15, 14);
        int count = 400_000;
        double width = 2.4;
        SplittableRandom rng = new SplittableRandom(15);
        double[] x = new double[count * nd];
        double[] a = new double[count * nd];
        double[] logg = new double[count];
        for (int b = 0; b < count; b++) {
            double sq = 0;
            for (double[] v : new double[][] {x, a}) {
                for (int c = 0; c < d; c++) {
                    double g = width * rng.nextGaussian() / Math.sqrt(2); // particles at ±g/√2: unit-speed coordinate g
                    v[b * nd + c] = g;
                    v[b * nd + d + c] = -g;
                    sq += 2 * g * g;
                }
            }
            logg[b] = -0.5 * sq / (width * width) - m * Math.log(2 * Math.PI * width * width);
        }
        double[] logq = joint(flow, x, a, count);
        double sum = 0;
        double sum2 = 0;
        for (int b = 0; b < count; b++) {
            double w = Math.exp(logq[b] - logg[b]);
            sum += w;
            sum2 += w * w;
        }
        double mean = sum / count;
        double error = Math.sqrt((sum2 / count - mean * mean) / count);
        assertTrue(error < 0.03, "error bar too wide to test anything: " + error);
        assertEquals(1, mean, 4 * error, "integral of q(x, a) = " + mean + " +- " + error);
    }

    /** U = Σ_{i<j} (r_ij² − 1)² / 4: smooth, and invariant like a pair potential. */
    private static BatchEnergyGradient pairQuartic(int n, int d) {
        return (xs, count, u, gradients) -> {
            for (int b = 0; b < count; b++) {
                int off = b * n * d;
                double e = 0;
                for (int i = 0; i < n * d; i++) {
                    gradients[off + i] = 0;
                }
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        double r2 = 0;
                        for (int c = 0; c < d; c++) {
                            double v = xs[off + i * d + c] - xs[off + j * d + c];
                            r2 += v * v;
                        }
                        e += 0.25 * (r2 - 1) * (r2 - 1);
                        for (int c = 0; c < d; c++) {
                            double g = (r2 - 1) * (xs[off + i * d + c] - xs[off + j * d + c]);
                            gradients[off + i * d + c] += g;
                            gradients[off + j * d + c] -= g;
                        }
                    }
                }
                u[b] = e;
            }
        };
    }

    @Test
    void reverseKlGradientMatchesFiniteDifferences() {
        int n = 4;
        int d = 3;
        Eacf flow = flow(n, d, 0.3, 16);
        Flows.checkGradient(flow.parameters(), flow.gradient(), () -> { },
                () -> flow.reverseKlGradient(5, new SplittableRandom(17), pairQuartic(n, d)));
    }

    @Test
    void maximumLikelihoodGradientMatchesFiniteDifferences() {
        int n = 4;
        int d = 2;
        int count = 6;
        Eacf data = flow(n, d, 0.3, 18);
        double[] x = new double[count * n * d];
        double[] a = new double[count * n * d];
        data.sampleJoint(count, new SplittableRandom(19), x, a, new double[count]);
        Eacf flow = flow(n, d, 0.3, 20);
        Flows.checkGradient(flow.parameters(), flow.gradient(), () -> { },
                () -> flow.jointMaximumLikelihoodGradient(x, a, count));
    }

    @Test
    void trainingLowersTheReverseKlLoss() {
        int n = 4;
        int d = 2;
        Eacf flow = Eacf.create(new EacfConfig(n, d, 16, 2, 8, 3.0, 0.7, 0.5, 3e-3, 10, 2), 21);
        SplittableRandom rng = new SplittableRandom(22);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 300; step++) {
            double loss = flow.reverseKlStep(64, rng, pairQuartic(n, d));
            if (step < 20) {
                first += loss / 20;
            } else if (step >= 280) {
                last += loss / 20;
            }
        }
        assertTrue(last < first - 0.2, "reverse KL fell from " + first + " to " + last);
    }

    private static byte[] state(Eacf flow) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        flow.writeState(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static void restore(Eacf flow, byte[] state) throws IOException {
        flow.readState(new DataInputStream(new ByteArrayInputStream(state)));
    }

    @Test
    void saveLoadAndCheckpointsKeepTheDensityAndTheAuxiliaryStream(@TempDir Path dir) throws IOException {
        int n = 5;
        int d = 3;
        int count = 7;
        Eacf flow = flow(n, d, 0.3, 23);
        flow.reverseKlStep(16, new SplittableRandom(24), pairQuartic(n, d));
        double[] x = Flows.gaussian(count * n * d, 1, 25);
        flow.save(dir);
        byte[] checkpoint = state(flow);
        Eacf loaded = Eacf.load(dir);
        double[] expected = new double[count];
        flow.logDensity(x, count, expected);
        double[] actual = new double[count];
        loaded.logDensity(x, count, actual);
        assertArrayEquals(expected, actual, 0);
        restore(flow, checkpoint);
        double[] resumed = new double[count];
        flow.logDensity(x, count, resumed);
        assertArrayEquals(expected, resumed, 0);
        assertEquals(flow.reverseKlStep(16, new SplittableRandom(26), pairQuartic(n, d)),
                loaded.reverseKlStep(16, new SplittableRandom(26), pairQuartic(n, d)), 0,
                "the optimizer state travels with the model");
    }
}
