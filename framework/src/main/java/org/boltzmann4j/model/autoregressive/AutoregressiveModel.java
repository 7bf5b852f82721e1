package org.boltzmann4j.model.autoregressive;

import java.util.random.RandomGenerator;

import org.boltzmann4j.model.TrainableModel;

/**
 * A normalized model of spin configurations s ∈ {-1, +1}^D factorized over sites in a fixed order,
 * q(s) = Π_i q(s_i | s_0 … s_{i-1}). Besides sampling and ln q it regenerates the last sites of
 * given configurations (for neural cluster updates) and exposes a two-phase gradient
 * ({@link #forward}, then {@link #backward}) so that trainers can weight every sample freely,
 * as score-function (REINFORCE) estimators and group-averaged mixtures need.
 *
 * <p>Implementations keep work buffers and are not thread-safe.
 */
public interface AutoregressiveModel extends TrainableModel<byte[]> {

    /**
     * The site drawn at each position of the factorization: q(s) = Π_p q(s_{order[p]} | earlier
     * positions). The identity (raster order) unless a model says otherwise.
     */
    default int[] siteOrder() {
        int[] order = new int[dimension()];
        for (int p = 0; p < order.length; p++) {
            order[p] = p;
        }
        return order;
    }

    /**
     * Regenerates the sites at positions {@code from[k] … D-1} of the {@link #siteOrder()} in
     * configuration k (the sites at earlier positions are kept) by sampling them from q in order,
     * and writes the new configuration's full ln q to {@code logq[k]}. Since the kept head is
     * unchanged, ln q(new tail | head) - ln q(old tail | head) equals the difference of the full ln q.
     */
    void sampleTail(byte[] xs, int n, int[] from, RandomGenerator rng, double[] logq);

    /** ln q of a batch, keeping what {@link #backward} needs. */
    void forward(byte[] xs, int n, double[] logq);

    /**
     * Writes Σ_k c_k ∇θ ln q(x_k) over the batch of the last {@link #forward} to {@code gradient}
     * (length {@link #parameterCount()}).
     */
    void backward(double[] coefficients, double[] gradient);

    int parameterCount();

    /**
     * One optimizer step along -gradient of a loss.
     *
     * @return the gradient norm before clipping
     */
    double descend(double[] gradient);
}
