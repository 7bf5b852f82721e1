package org.boltzmann4j.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Group actions that are never listed: uniform sampling, volume preservation, canonical forms. */
class GroupActionTest {

    private static double[] random(int length, SplittableRandom rng) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    @Test
    void permutationsShuffleWithinSpeciesUniformly() {
        ParticlePermutations lj13 = ParticlePermutations.all(13, 3, true);
        assertEquals(6227020800.0, lj13.cardinality());
        // particles 0..2 identical, 3 of its own: 3! = 6 arrangements, each with probability 1/6
        ParticlePermutations p = new ParticlePermutations(1, new int[] {0, 0, 0, 1}, true);
        assertEquals(6, p.cardinality());
        double[] x = {1, 2, 3, 4};
        double[] y = new double[4];
        Map<String, Integer> counts = new HashMap<>();
        SplittableRandom rng = new SplittableRandom(1);
        int n = 60_000;
        for (int k = 0; k < n; k++) {
            p.applyRandom(x, y, rng);
            assertEquals(4, y[3], "a particle of another species never moves");
            counts.merge(Arrays.toString(y), 1, Integer::sum);
        }
        assertEquals(6, counts.size());
        double chi2 = 0;
        for (int c : counts.values()) {
            chi2 += (c - n / 6.0) * (c - n / 6.0) / (n / 6.0);
        }
        assertTrue(chi2 < 20.5, "chi2 with 5 degrees of freedom: " + chi2); // p ≈ 0.001
    }

    @Test
    void canonicalFormIsTheSameForEveryImageAndIdempotent() {
        ParticlePermutations p = new ParticlePermutations(2, new int[] {0, 0, 0, 0, 1, 1}, true);
        SplittableRandom rng = new SplittableRandom(2);
        double[] x = random(12, rng);
        double[] canonical = new double[12];
        assertTrue(p.canonicalize(x, canonical));
        double[] image = new double[12];
        double[] again = new double[12];
        for (int k = 0; k < 50; k++) {
            p.applyRandom(x, image, rng);
            p.canonicalize(image, again);
            assertArrayEquals(canonical, again);
        }
        p.canonicalize(canonical, again);
        assertArrayEquals(canonical, again);
        for (int a = 0; a < 3; a++) {
            assertTrue(canonical[2 * a] <= canonical[2 * a + 2], "species sorted by first coordinate");
        }
    }

    @Test
    void rotationsPreserveDistancesAndTheCentreOfMassAndAreHaarDistributed() {
        for (int dim : new int[] {2, 3}) {
            ParticleRotations r = new ParticleRotations(dim, false, true);
            SplittableRandom rng = new SplittableRandom(dim);
            double[] x = random(5 * dim, rng);
            double[] y = new double[x.length];
            r.applyRandom(x, y, rng);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < i; j++) {
                    assertEquals(distance(x, i, j, dim), distance(y, i, j, dim), 1e-12);
                }
            }
            for (int a = 0; a < dim; a++) {
                assertEquals(centre(x, a, dim), centre(y, a, dim), 1e-12);
            }
            // a rotated fixed unit vector is uniform on the circle / sphere: its last coordinate has
            // mean 0 and second moment 1/dim; in 3D it is uniform on [-1, 1] (Archimedes)
            double[] bins = new double[10];
            double m2 = 0;
            int n = 40_000;
            for (int k = 0; k < n; k++) {
                double[] rot = r.randomRotation(rng);
                double last = rot[(dim - 1) * dim]; // R e_1, last component
                m2 += last * last / n;
                if (dim == 3) {
                    bins[(int) Math.min(9, (last + 1) * 5)]++;
                }
                assertEquals(1, determinant(rot, dim), 1e-12);
            }
            assertEquals(1.0 / dim, m2, 0.01, dim + "D second moment");
            if (dim == 3) {
                double chi2 = 0;
                for (double b : bins) {
                    chi2 += (b - n / 10.0) * (b - n / 10.0) / (n / 10.0);
                }
                assertTrue(chi2 < 27.9, "chi2 with 9 degrees of freedom: " + chi2); // p ≈ 0.001
            }
        }
    }

    @Test
    void reflectionsMakeHalfOfTheElementsImproper() {
        ParticleRotations r = new ParticleRotations(3, true, true);
        SplittableRandom rng = new SplittableRandom(4);
        int improper = 0;
        for (int k = 0; k < 4000; k++) {
            double det = determinant(r.randomRotation(rng), 3);
            assertEquals(1, Math.abs(det), 1e-12);
            improper += det < 0 ? 1 : 0;
        }
        assertEquals(2000, improper, 4 * Math.sqrt(1000));
    }

    @Test
    void productOfActionsCombinesOrderExactnessAndCanonicalForm() {
        GroupAction<double[]> g = GroupAction.product(ParticlePermutations.all(4, 2, true),
                new ParticleRotations(2, true, false));
        assertEquals(Double.POSITIVE_INFINITY, g.cardinality());
        assertTrue(!g.exact());
        SymmetryGroup<double[]> z2 = new SymmetryGroup<>(List.of(Symmetries.identity(), Symmetries.signFlip()), true);
        assertEquals(48, GroupAction.product(z2, ParticlePermutations.all(4, 2, true)).cardinality());
        double[] x = random(8, new SplittableRandom(6));
        double[] out = new double[8];
        assertTrue(g.canonicalize(x, out));
        assertTrue(!GroupAction.product(z2).canonicalize(x, out));
    }

    private static double distance(double[] x, int i, int j, int dim) {
        double s = 0;
        for (int a = 0; a < dim; a++) {
            double d = x[i * dim + a] - x[j * dim + a];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static double centre(double[] x, int a, int dim) {
        double s = 0;
        for (int p = 0; p < x.length / dim; p++) {
            s += x[p * dim + a];
        }
        return s * dim / x.length;
    }

    private static double determinant(double[] r, int dim) {
        if (dim == 2) {
            return r[0] * r[3] - r[1] * r[2];
        }
        return r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
    }
}
