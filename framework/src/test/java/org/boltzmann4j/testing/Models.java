package org.boltzmann4j.testing;

import java.util.SplittableRandom;

import org.boltzmann4j.model.autoregressive.AutoregressiveModel;
import org.boltzmann4j.model.autoregressive.Made;
import org.boltzmann4j.model.autoregressive.PixelCnn;

/** Test-only models. */
public final class Models {

    private Models() {
    }

    /**
     * A MADE (width 12) pushed far from uniform by a few large maximum-likelihood steps on skewed
     * data, so that tests of normalization and exactness cannot pass by uniformity.
     */
    public static Made skewedMade(int sites, int layers, long seed) {
        return skew(new Made(sites, 12, layers, 0.2, Double.POSITIVE_INFINITY, seed), seed);
    }

    /** A 3-layer PixelCNN (radius 1, 4 channels) skewed the same way. */
    public static PixelCnn skewedPixelCnn(int rows, int cols, long seed) {
        return skew(new PixelCnn(rows, cols, 4, 3, 1, 0.2, Double.POSITIVE_INFINITY, seed), seed);
    }

    private static <M extends AutoregressiveModel> M skew(M made, long seed) {
        int sites = made.dimension();
        SplittableRandom rng = new SplittableRandom(seed + 1);
        int n = 64;
        byte[] xs = new byte[n * sites];
        for (int k = 0; k < n; k++) {
            boolean up = rng.nextDouble() < 0.7;
            for (int i = 0; i < sites; i++) {
                xs[k * sites + i] = (byte) ((rng.nextDouble() < 0.85) == up ? 1 : -1);
            }
        }
        for (int step = 0; step < 15; step++) {
            made.maximumLikelihoodStep(xs, n);
        }
        return made;
    }
}
