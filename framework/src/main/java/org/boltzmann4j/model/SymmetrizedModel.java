package org.boltzmann4j.model;

import java.util.random.RandomGenerator;

import org.boltzmann4j.system.Configurations;
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

    public SymmetrizedModel(GenerativeModel<B> base, SymmetryGroup<C> group, BatchView<C, B> view, C prototype) {
        this.base = base;
        this.group = group;
        this.view = view;
        this.scratchIn = prototype;
        this.scratchOut = Configurations.copy(prototype);
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

    @Override
    public void sample(int n, RandomGenerator rng, B xs, double[] logq) {
        base.sample(n, rng, xs, logq);
        for (int k = 0; k < n; k++) {
            int g = rng.nextInt(group.order());
            if (g != 0) {
                group.element(g).apply(view.get(xs, k, scratchIn), scratchOut);
                view.put(xs, k, scratchOut);
            }
        }
        logDensity(xs, n, logq);
    }

    @Override
    public synchronized void logDensity(B xs, int n, double[] logq) {
        int order = group.order();
        B images = view.allocate(n * order, dimension());
        for (int k = 0; k < n; k++) {
            view.get(xs, k, scratchIn);
            for (int g = 0; g < order; g++) {
                group.element(g).apply(scratchIn, scratchOut);
                view.put(images, k * order + g, scratchOut);
            }
        }
        double[] all = new double[n * order];
        base.logDensity(images, n * order, all);
        double logOrder = Math.log(order);
        for (int k = 0; k < n; k++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < order; g++) {
                max = Math.max(max, all[k * order + g]);
            }
            double sum = 0;
            for (int g = 0; g < order; g++) {
                sum += Math.exp(all[k * order + g] - max);
            }
            logq[k] = max + Math.log(sum) - logOrder;
        }
    }
}
