package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.model.GenerativeModel;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * Annealed importance sampling from a model (Neal, Stat. Comput. 11, 125 (2001); with flows, the
 * stochastic normalizing flows of Wu, Köhler &amp; Noé, NeurIPS 2020, and the non-equilibrium flows
 * of Caselle et al., JHEP 2022). Each model draw x₀ ~ q is carried through K intermediate densities
 * f_k ∝ q^{1-t_k} e^{-t_k U}, t_k = k/(K+1), by one move per step, and weighted by
 * ln w = Σ_{k=1}^{K+1} (t_k − t_{k−1}) (−U(x_{k−1}) − ln q(x_{k−1})); E_q[w] = Z exactly, for any K.
 *
 * <p>The move at t_k proposes one sweep of a kernel that is <em>reversible</em> with respect to
 * e^{-U} (random-scan single-spin updates, cluster moves, HMC or MALA at a frozen step) and accepts it
 * with probability min(1, exp(−(1 − t_k) Δ ln w)), Δ ln w the change of −U − ln q: the Metropolis-
 * Hastings ratio of f_k for that proposal, since the kernel's own transition ratio is e^{-ΔU}. The
 * local moves mend what the model gets wrong locally, so the weights' spread falls with K.
 *
 * @param <C> configuration (and batch) type
 */
final class AnnealedImportance<C> {

    /** Sweeps of the kernel, adapting its step, on the first batch of model draws before it is frozen. */
    static final int PILOT_SWEEPS = 50;

    private final GenerativeModel<C> model;
    private final SystemBatches<C> batches;
    private final MarkovKernel<C> kernel;
    private final int steps;
    private final Chains<C> walkers;
    private final C saved;
    private final C moved;
    private final double[] savedEnergy;
    private final double[] movedLogq;
    private final SplittableRandom rng;
    private long attempted;
    private long accepted;

    /**
     * @param system  the target
     * @param model   q, with exact ln q
     * @param kernel  a kernel reversible with respect to e^{-U}, still adaptive (the pilot freezes it)
     * @param steps   K ≥ 1 intermediate densities
     * @param first   the first batch of model draws (the pilot's starting states)
     * @param width   walkers: the largest batch that will be annealed
     * @param rng     the stream of the acceptance tests; it seeds the walkers' streams too
     */
    AnnealedImportance(BoltzmannSystem<C> system, GenerativeModel<C> model, MarkovKernel<C> kernel, int steps,
                       C first, int width, SplittableRandom rng) {
        this.model = model;
        this.batches = SystemBatches.of(system);
        this.kernel = kernel;
        this.steps = steps;
        this.rng = rng;
        int d = system.dimension();
        UnaryOperator<C> copy = x -> {
            C y = batches.view().allocate(1, d);
            batches.view().put(y, 0, x);
            return y;
        };
        List<C> starts = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            starts.add(batches.view().get(first, c, batches.view().allocate(1, d)));
        }
        walkers = Chains.start(system, starts, copy, rng.nextLong());
        saved = batches.view().allocate(width, d);
        moved = batches.view().allocate(width, d);
        savedEnergy = new double[width];
        movedLogq = new double[width];
        for (int s = 0; s < PILOT_SWEEPS; s++) {
            kernel.sweep(walkers);
        }
        kernel.freeze();
    }

    /**
     * Anneals the first n draws of a batch in place: on return {@code xs} holds the final states,
     * {@code u} their U and {@code logWeights} their AIS log-weights.
     *
     * @param logq ln q of the draws on entry (overwritten)
     */
    void anneal(C xs, int n, double[] u, double[] logq, double[] logWeights) {
        for (int c = 0; c < n; c++) {
            batches.view().get(xs, c, walkers.state(c));
            walkers.setEnergy(c, u[c]);
            logWeights[c] = 0;
        }
        double before = 0;
        for (int k = 1; k <= steps; k++) {
            double t = k / (steps + 1.0);
            for (int c = 0; c < n; c++) {
                logWeights[c] += (t - before) * (-u[c] - logq[c]);
                batches.view().put(saved, c, walkers.state(c));
                savedEnergy[c] = walkers.energy(c);
            }
            kernel.sweep(walkers);
            for (int c = 0; c < n; c++) {
                batches.view().put(moved, c, walkers.state(c));
            }
            model.logDensity(moved, n, movedLogq);
            for (int c = 0; c < n; c++) {
                double change = (-walkers.energy(c) - movedLogq[c]) - (-u[c] - logq[c]);
                attempted++;
                if (change <= 0 || rng.nextDouble() < Math.exp(-(1 - t) * change)) {
                    accepted++;
                    u[c] = walkers.energy(c);
                    logq[c] = movedLogq[c];
                } else {
                    batches.view().get(saved, c, walkers.state(c));
                    walkers.setEnergy(c, savedEnergy[c]);
                }
            }
            before = t;
        }
        for (int c = 0; c < n; c++) {
            logWeights[c] += (1 - before) * (-u[c] - logq[c]);
            batches.view().put(xs, c, walkers.state(c));
        }
    }

    /** Share of the annealing moves accepted so far. */
    double acceptance() {
        return attempted == 0 ? Double.NaN : accepted / (double) attempted;
    }

    /** Evaluations of U the walkers' kernel has made (the pilot's included). */
    long energyEvaluations() {
        return walkers.energyEvaluations();
    }
}
