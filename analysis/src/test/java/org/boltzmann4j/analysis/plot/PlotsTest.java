package org.boltzmann4j.analysis.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.boltzmann4j.systems.exact.DoubleWellExact;
import org.boltzmann4j.analysis.profile.FreeEnergyProfile;
import org.boltzmann4j.analysis.profile.FreeEnergySurface;
import org.boltzmann4j.analysis.profile.Profile;
import org.boltzmann4j.core.B4jException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Writes one sample of each plot to target/plots (look at them when changing the styling). */
class PlotsTest {

    private static final Path DIR = Path.of("target", "plots");

    @BeforeAll
    static void createDir() throws Exception {
        Files.createDirectories(DIR);
    }

    /** Metropolis chains in the double well U = beta [barrier (x^2-1)^2 + tilt x]. */
    private static double[][] metropolis(int chains, int steps, double beta, double barrier, double tilt, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] out = new double[chains][steps];
        for (int c = 0; c < chains; c++) {
            double x = c % 2 == 0 ? 1 : -1;
            double u = beta * (barrier * (x * x - 1) * (x * x - 1) + tilt * x);
            for (int t = 0; t < steps; t++) {
                double y = x + 0.5 * rng.nextGaussian();
                double v = beta * (barrier * (y * y - 1) * (y * y - 1) + tilt * y);
                if (rng.nextDouble() < Math.exp(u - v)) {
                    x = y;
                    u = v;
                }
                out[c][t] = x;
            }
        }
        return out;
    }

    private static void assertImage(Path png) throws Exception {
        assertImage(png, 650);
    }

    private static void assertImage(Path png, int height) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1000, image.getWidth());
        assertEquals(height, image.getHeight());
        assertEquals(0xFFFFFFFF, image.getRGB(2, 2), "white background");
    }

    @Test
    void freeEnergySurfaceAsAHeatMapWithMarkedStates() throws Exception {
        // two double-well chains side by side: x in a tilted well, y in a symmetric one
        double[][] xs = metropolis(8, 20000, 1, 3, 0.3, 3);
        double[][] ys = metropolis(8, 20000, 1, 2, 0, 4);
        FreeEnergySurface s = FreeEnergySurface.estimate(xs, ys,
                new FreeEnergySurface.Grid("x_0", -2, 2, "x_1", -2, 2, 40));
        Path png = DIR.resolve("surface.png");
        Plots.freeEnergySurface(png, "two double wells", s, List.of(new Plots.Mark("0", -1, 1),
                new Plots.Mark("1 (12%)", 1, -1)));
        assertImage(png);
        BufferedImage image = ImageIO.read(png.toFile());
        long coloured = 0;
        for (int i = 0; i < image.getWidth(); i++) {
            for (int j = 0; j < image.getHeight(); j++) {
                int rgb = image.getRGB(i, j);
                coloured += ((rgb >> 16) & 0xFF) != (rgb & 0xFF) ? 1 : 0; // not white, grey or black
            }
        }
        assertTrue(coloured > 0.2 * image.getWidth() * image.getHeight(), "heat map cells drawn: " + coloured);
    }

    @Test
    void freeEnergyProfileWithExactCurve() throws Exception {
        double[][] chains = metropolis(8, 20000, 1, 3, 0.3, 1);
        Profile sampled = FreeEnergyProfile.estimate(chains, -2, 2, 40);
        double[][] few = metropolis(8, 1500, 1, 3, 0.3, 2);
        Profile short_ = FreeEnergyProfile.estimate(few, -2, 2, 40);
        DoubleWellExact exact = DoubleWellExact.of(1, 1, 3, 0.3);
        double[] x = new double[401];
        for (int j = 0; j < x.length; j++) {
            x[j] = -2 + 4.0 * j / 400;
        }
        // shift the exact curve to the sampled profile's minimum bin
        double[] f = exact.freeEnergy(x);
        Path png = DIR.resolve("profile.png");
        Plots.freeEnergyProfile(png, "double well, beta=1, barrier=3, tilt=0.3", "x_0",
                List.of(new ProfileSeries("metropolis 8 x 20000", sampled), new ProfileSeries("metropolis 8 x 1500", short_)),
                x, f);
        assertImage(png);
        Path alone = DIR.resolve("profile_no_exact.png");
        Plots.freeEnergyProfile(alone, "no exact reference", "phi_mid", List.of(new ProfileSeries("run", sampled)),
                null, null);
        assertImage(alone);
        double[] shifted = java.util.Arrays.stream(f).map(v -> v + 2).toArray();
        Path own = DIR.resolve("profile_own_exact.png");
        Plots.freeEnergyProfile(own, "each estimate with its exact curve", "x_0",
                List.of(new ProfileSeries("tilt 0.3", sampled, x, f), new ProfileSeries("shifted", short_, x, shifted)),
                null, null);
        assertImage(own);
        org.junit.jupiter.api.Assertions.assertThrows(org.boltzmann4j.core.B4jException.class,
                () -> new ProfileSeries("bad", sampled, x, new double[3]));
    }

    @Test
    void tracesOfAFewChains() throws Exception {
        Path png = DIR.resolve("traces.png");
        Plots.traces(png, "order parameter", "x_0", metropolis(4, 50000, 1, 4.5, 0, 3), 10, 4);
        assertImage(png, 800);
        Path one = DIR.resolve("trace_one.png");
        Plots.traces(one, "one chain", "phi_mid", metropolis(1, 3000, 1, 4.5, 0, 5), 1, 4);
        assertImage(one);
    }

    @Test
    void trainingCurvesSkipNaN() throws Exception {
        int n = 300;
        double[][] loss = new double[2][n];
        double[][] acc = new double[2][n];
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < n; i++) {
            loss[0][i] = acc[0][i] = i * 10;
            loss[1][i] = -150 + 40 * Math.exp(-i / 60.0) + rng.nextGaussian();
            acc[1][i] = i % 37 == 0 ? Double.NaN : 0.6 * (1 - Math.exp(-i / 80.0)) + 0.03 * rng.nextGaussian();
        }
        Path lossPng = DIR.resolve("loss.png");
        Plots.curves(lossPng, "training loss", "training step", "reverse KL loss", Map.of("loss", loss));
        assertImage(lossPng);
        Map<String, double[][]> both = new LinkedHashMap<>();
        both.put("global acceptance", acc);
        both.put("local acceptance", new double[][] {acc[0], acc[1].clone()});
        for (int i = 0; i < n; i++) {
            both.get("local acceptance")[1][i] = 0.55 + 0.02 * Math.sin(i / 10.0);
        }
        Path accPng = DIR.resolve("acceptance.png");
        Plots.curves(accPng, "acceptance over training", "training step", "acceptance rate", both);
        assertImage(accPng);
        assertTrue(Files.size(accPng) > 1000);
        assertThrows(B4jException.class, () -> Plots.curves(DIR.resolve("bad.png"), "t", "x", "y",
                Map.of("bad", new double[][] {{1, 2}, {1}})));
    }
}
