package org.boltzmann4j.sampler;

import org.boltzmann4j.system.SymmetryGroup;

/**
 * Maps each configuration to the image under a symmetry group that overlaps most with a reference
 * configuration (a metastable state). Training a model q̃ on canonical images only and averaging it
 * over the group gives a symmetric q whose every image of a mode is as good as the one seen.
 */
final class Canonicalizer {

    private final SymmetryGroup<double[]> group;
    private final double[] reference;
    private final double[] image;

    Canonicalizer(SymmetryGroup<double[]> group, double[] reference) {
        this.group = group;
        this.reference = reference;
        this.image = new double[reference.length];
    }

    /** Replaces each row of the batch (n × d) by its best-overlapping image, in place. */
    void canonicalize(double[] batch, int n) {
        int d = reference.length;
        double[] x = new double[d];
        for (int k = 0; k < n; k++) {
            System.arraycopy(batch, k * d, x, 0, d);
            double best = overlap(x);
            int bestG = 0;
            for (int g = 1; g < group.order(); g++) {
                group.element(g).apply(x, image);
                double o = overlap(image);
                if (o > best) {
                    best = o;
                    bestG = g;
                }
            }
            if (bestG != 0) {
                group.element(bestG).apply(x, image);
                System.arraycopy(image, 0, batch, k * d, d);
            }
        }
    }

    private double overlap(double[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * reference[i];
        }
        return s;
    }
}
