package org.boltzmann4j.model.flow;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

import org.boltzmann4j.core.B4jException;

/**
 * A mixture q(z) = Σ_k w_k N(z; μ_k, P_k⁻¹) of Gaussians given by their precisions: typically the
 * Laplace approximations at every metastable state of U, weighted by their Laplace evidence, so
 * that a flow starts out proposing every state in about its Boltzmann weight. Samples draw the
 * component first; ln q is the log-sum-exp over components, its gradient the responsibility-weighted
 * sum of theirs.
 */
public final class GaussianMixture implements BaseDistribution {

    private final List<GaussianPrecision> components;
    private final double[] logWeights;
    private final double[] cumulative;
    private final int d;

    /**
     * @param components at least two Gaussians of one dimension
     * @param logWeights their ln w_k, up to a common constant (normalised here)
     */
    public GaussianMixture(List<GaussianPrecision> components, double[] logWeights) {
        if (components.size() < 2 || logWeights.length != components.size()) {
            throw B4jException.badInput("a Gaussian mixture needs at least two components and one weight each, got %d "
                    + "and %d", components.size(), logWeights.length);
        }
        this.components = List.copyOf(components);
        this.d = components.get(0).dimension();
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < logWeights.length; k++) {
            if (components.get(k).dimension() != d || Double.isNaN(logWeights[k])) {
                throw B4jException.badInput("mixture component %d: dimension %d (expected %d), ln w = %s", k,
                        components.get(k).dimension(), d, logWeights[k]);
            }
            max = Math.max(max, logWeights[k]);
        }
        double sum = 0;
        for (double lw : logWeights) {
            sum += Math.exp(lw - max);
        }
        this.logWeights = new double[logWeights.length];
        this.cumulative = new double[logWeights.length];
        double c = 0;
        for (int k = 0; k < logWeights.length; k++) {
            this.logWeights[k] = logWeights[k] - max - Math.log(sum);
            c += Math.exp(this.logWeights[k]);
            cumulative[k] = c;
        }
    }

    /** The components (their order is that of the weights). */
    public List<GaussianPrecision> components() {
        return components;
    }

    /** ln w_k, normalised (a copy). */
    public double[] logWeights() {
        return logWeights.clone();
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void sample(int n, RandomGenerator rng, double[] z, double[] logp) {
        int[] label = new int[n];
        int[] count = new int[components.size()];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            int k = 0;
            while (k < cumulative.length - 1 && u >= cumulative[k]) {
                k++;
            }
            label[i] = k;
            count[k]++;
        }
        double[] lp = new double[n];
        for (int k = 0; k < count.length; k++) {
            if (count[k] == 0) {
                continue;
            }
            double[] draws = new double[count[k] * d];
            components.get(k).sample(count[k], rng, draws, lp);
            for (int i = 0, next = 0; i < n; i++) {
                if (label[i] == k) {
                    System.arraycopy(draws, next++ * d, z, i * d, d);
                }
            }
        }
        logDensity(z, n, logp);
    }

    @Override
    public void logDensity(double[] z, int n, double[] logp) {
        mixture(z, n, logp, null);
    }

    @Override
    public void logDensityAndGradient(double[] z, int n, double[] logp, double[] gradient) {
        mixture(z, n, logp, gradient);
    }

    /** ln q = log-sum-exp_k (ln w_k + ln p_k) and, when asked, ∇ ln q = Σ_k r_k ∇ ln p_k with r_k the responsibilities. */
    private void mixture(double[] z, int n, double[] logp, double[] gradient) {
        int m = components.size();
        double[][] lp = new double[m][n];
        double[][] g = gradient == null ? null : new double[m][n * d];
        for (int k = 0; k < m; k++) {
            if (g == null) {
                components.get(k).logDensity(z, n, lp[k]);
            } else {
                components.get(k).logDensityAndGradient(z, n, lp[k], g[k]);
            }
        }
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < m; k++) {
                max = Math.max(max, logWeights[k] + lp[k][i]);
            }
            double sum = 0;
            for (int k = 0; k < m; k++) {
                sum += Math.exp(logWeights[k] + lp[k][i] - max);
            }
            logp[i] = max + Math.log(sum);
            if (g != null) {
                int row = i * d;
                Arrays.fill(gradient, row, row + d, 0);
                for (int k = 0; k < m; k++) {
                    double r = Math.exp(logWeights[k] + lp[k][i] - logp[i]);
                    for (int j = 0; j < d; j++) {
                        gradient[row + j] += r * g[k][row + j];
                    }
                }
            }
        }
    }
}
