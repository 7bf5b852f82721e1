package org.boltzmann4j.model;

import java.util.random.RandomGenerator;

import org.boltzmann4j.system.Configurations;
import org.boltzmann4j.system.Symmetry;
import org.boltzmann4j.system.SymmetryGroup;

/**
 * Makes any model invariant under a finite symmetry group G by averaging it over the group:
 * q(x) = (1/|G|) Σ_g q̃(g x). Sampling draws from q̃ and applies a uniformly random g; the density
 * costs |G| evaluations of q̃, done as one batch. q(g x) = q(x) holds exactly, whatever q̃ learned,
 * so a model trained on one metastable state also proposes its symmetric images.
 */
public final class SymmetrizedModel<C, B> implements GenerativeModel<B> {

    private final GenerativeModel<B> base;
    private final SymmetryGroup<C> group;
    private final BatchView<C, B> view;
    private final C scratchIn;
    private final C scratchOut;
    private final boolean involutive;

    public SymmetrizedModel(GenerativeModel<B> base, SymmetryGroup<C> group, BatchView<C, B> view, C prototype) {
        this.base = base;
        this.group = group;
        this.view = view;
        this.scratchIn = prototype;
        this.scratchOut = Configurations.copy(prototype);
        this.involutive = involutive(group, prototype);
    }

    /** Groups up to this order are checked for being made of involutions (g = g⁻¹). */
    private static final int CHECKED_ORDER = 64;

    /** Whether every element is its own inverse, checked on random configurations. */
    private static <C> boolean involutive(SymmetryGroup<C> group, C prototype) {
        if (group.order() > CHECKED_ORDER) {
            return false;
        }
        java.util.SplittableRandom rng = new java.util.SplittableRandom(17);
        C v = Configurations.copy(prototype);
        C once = Configurations.copy(prototype);
        C twice = Configurations.copy(prototype);
        for (int trial = 0; trial < 3; trial++) {
            if (v instanceof double[] a) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = rng.nextGaussian();
                }
            } else if (v instanceof byte[] a) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (byte) (rng.nextBoolean() ? 1 : -1);
                }
            }
            for (Symmetry<C> g : group.elements()) {
                g.apply(v, once);
                g.apply(once, twice);
                if (!java.util.Objects.deepEquals(v, twice)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The model being averaged. */
    public GenerativeModel<B> base() {
        return base;
    }

    public SymmetryGroup<C> group() {
        return group;
    }

    @Override
    public int dimension() {
        return base.dimension();
    }

    /**
     * Draws from q̃, applies a random element g to each draw y and returns x = g y with ln q(x).
     * When every element is an involution, q̃(g x) = q̃(y) is already known, so only the other
     * |G| - 1 images are evaluated.
     */
    @Override
    public void sample(int n, RandomGenerator rng, B xs, double[] logq) {
        base.sample(n, rng, xs, logq);
        int order = group.order();
        int[] chosen = new int[n];
        for (int k = 0; k < n; k++) {
            chosen[k] = rng.nextInt(order);
            if (chosen[k] != 0) {
                group.element(chosen[k]).apply(view.get(xs, k, scratchIn), scratchOut);
                view.put(xs, k, scratchOut);
            }
        }
        if (!involutive) {
            logDensity(xs, n, logq);
            return;
        }
        double[] known = logq.clone();
        double[] all = imageLogDensities(xs, n, chosen);
        for (int k = 0; k < n; k++) {
            all[k * order + chosen[k]] = known[k];
        }
        average(all, n, logq);
    }

    @Override
    public synchronized void logDensity(B xs, int n, double[] logq) {
        average(imageLogDensities(xs, n, null), n, logq);
    }

    /**
     * ln q̃(g x_k) for every k and g as one batch, [k × |G| + g]; the entries (k, skip[k]) are left
     * out of the batch (and zero) when {@code skip} is given.
     */
    private synchronized double[] imageLogDensities(B xs, int n, int[] skip) {
        int order = group.order();
        int perSample = skip == null ? order : order - 1;
        B images = view.allocate(n * perSample, dimension());
        int m = 0;
        for (int k = 0; k < n; k++) {
            view.get(xs, k, scratchIn);
            for (int g = 0; g < order; g++) {
                if (skip != null && skip[k] == g) {
                    continue;
                }
                group.element(g).apply(scratchIn, scratchOut);
                view.put(images, m++, scratchOut);
            }
        }
        double[] batch = new double[m];
        base.logDensity(images, m, batch);
        if (skip == null) {
            return batch;
        }
        double[] all = new double[n * order];
        m = 0;
        for (int k = 0; k < n; k++) {
            for (int g = 0; g < order; g++) {
                if (skip[k] != g) {
                    all[k * order + g] = batch[m++];
                }
            }
        }
        return all;
    }

    private void average(double[] all, int n, double[] logq) {
        groupAverage(all, n, group.order(), logq);
    }

    /**
     * ln of the group average (1/|G|) Σ_g exp(imageLogq[k × |G| + g]) for k &lt; n, computed stably:
     * the density of a group-averaged model from the densities of its base at the images.
     */
    public static void groupAverage(double[] imageLogq, int n, int order, double[] logq) {
        double logOrder = Math.log(order);
        for (int k = 0; k < n; k++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < order; g++) {
                max = Math.max(max, imageLogq[k * order + g]);
            }
            double sum = 0;
            for (int g = 0; g < order; g++) {
                sum += Math.exp(imageLogq[k * order + g] - max);
            }
            logq[k] = max + Math.log(sum) - logOrder;
        }
    }
}
