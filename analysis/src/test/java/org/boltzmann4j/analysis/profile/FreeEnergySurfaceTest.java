package org.boltzmann4j.analysis.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreeEnergySurfaceTest {

    private static final NormalDistribution X = new NormalDistribution(0, 1);
    private static final NormalDistribution Y = new NormalDistribution(1, 0.5);
    private static final FreeEnergySurface.Grid GRID = new FreeEnergySurface.Grid("a", -3, 3, "b", -0.5, 2.5, 12);

    /** -ln of the exact probability of cell (i, j) of {@link #GRID} for independent x ~ N(0, 1), y ~ N(1, 0.25). */
    private static double exactF(int i, int j) {
        double wx = 6.0 / 12;
        double wy = 3.0 / 12;
        double px = X.cumulativeProbability(-3 + (i + 1) * wx) - X.cumulativeProbability(-3 + i * wx);
        double py = Y.cumulativeProbability(-0.5 + (j + 1) * wy) - Y.cumulativeProbability(-0.5 + j * wy);
        return -Math.log(px * py);
    }

    /** Differences to the central cell against the exact surface, in sigmas; returns chi2 per cell. */
    private static double assertMatches(FreeEnergySurface s) {
        int ri = 6;
        int rj = 6;
        double chi2 = 0;
        int used = 0;
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                double f = s.freeEnergy()[i][j];
                if ((i == ri && j == rj) || Double.isNaN(f) || exactF(i, j) - exactF(ri, rj) > 5) {
                    continue;
                }
                double diff = f - s.freeEnergy()[ri][rj] - (exactF(i, j) - exactF(ri, rj));
                double sigma = Math.hypot(s.stderr()[i][j], s.stderr()[ri][rj]);
                assertTrue(Math.abs(diff) < 4.5 * sigma, "cell " + i + "," + j + ": off by " + diff / sigma + " sigma");
                chi2 += diff * diff / (sigma * sigma);
                used++;
            }
        }
        assertTrue(used >= 40, "cells used " + used);
        return chi2 / used;
    }

    @Test
    void chainsOfIndependentGaussiansGiveTheExactSurface(@TempDir Path dir) {
        int chains = 16;
        int length = 20000;
        double[][] xs = new double[chains][length];
        double[][] ys = new double[chains][length];
        SplittableRandom rng = new SplittableRandom(5);
        for (int c = 0; c < chains; c++) {
            for (int t = 0; t < length; t++) {
                xs[c][t] = rng.nextGaussian();
                ys[c][t] = 1 + 0.5 * rng.nextGaussian();
            }
        }
        FreeEnergySurface s = FreeEnergySurface.estimate(xs, ys, GRID);
        assertEquals(-2.75, s.x()[0], 1e-12);
        assertEquals(2.375, s.y()[11], 1e-12);
        assertTrue(assertMatches(s) < 2, "chi2 per cell");
        double min = Double.POSITIVE_INFINITY;
        for (double[] row : s.freeEnergy()) {
            for (double f : row) {
                min = Double.isNaN(f) ? min : Math.min(min, f);
            }
        }
        assertEquals(0, min, 0);
        Path csv = dir.resolve("free_energy_a_b.csv");
        ProfileCsv.write(csv, s);
        FreeEnergySurface back = ProfileCsv.readSurface(csv);
        assertEquals("a", back.xName());
        assertEquals("b", back.yName());
        assertArrayEquals(s.x(), back.x());
        assertArrayEquals(s.y(), back.y());
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(s.freeEnergy()[i], back.freeEnergy()[i]);
            assertArrayEquals(s.stderr()[i], back.stderr()[i]);
        }
    }

    @Test
    void importanceWeightsReshapeUniformSamples() {
        int n = 200000;
        double[] xs = new double[n];
        double[] ys = new double[n];
        double[] logWeights = new double[n];
        SplittableRandom rng = new SplittableRandom(9);
        for (int t = 0; t < n; t++) {
            xs[t] = -3 + 6 * rng.nextDouble();
            ys[t] = -0.5 + 3 * rng.nextDouble();
            logWeights[t] = -0.5 * xs[t] * xs[t] - 2 * (ys[t] - 1) * (ys[t] - 1); // the Gaussians, up to a constant
        }
        // the surface is truncated to the grid, as is the uniform proposal: the reference is the same truncation
        assertTrue(assertMatches(FreeEnergySurface.weighted(xs, ys, logWeights, GRID)) < 2, "chi2 per cell");
    }

    @Test
    void badGridsAndShapesAreBadInput() {
        assertEquals(B4jException.Kind.BAD_INPUT, assertThrows(B4jException.class,
                () -> new FreeEnergySurface.Grid("a", 1, 1, "b", 0, 1, 4)).kind());
        assertEquals(B4jException.Kind.BAD_INPUT, assertThrows(B4jException.class,
                () -> FreeEnergySurface.estimate(new double[2][5], new double[1][5], GRID)).kind());
    }
}
