package org.boltzmann4j.model.autoregressive;

import java.util.Arrays;
import java.util.random.RandomGenerator;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.model.BatchEnergy;
import org.boltzmann4j.model.BatchView;
import org.boltzmann4j.model.DivergenceGuard;
import org.boltzmann4j.model.GenerativeModel;
import org.boltzmann4j.model.SymmetrizedModel;
import org.boltzmann4j.system.SymmetryGroup;

/**
 * Variational training from the energy alone (Wu, Wang and Zhang 2019): minimizes the reverse KL
 * divergence to p_t ∝ exp(-t U), i.e. the variational free energy F = E_q[t U + ln q] ≥ -ln Z_t, with
 * the score-function gradient ∇F = E_q[(t U + ln q - b) ∇ ln q] and the batch mean as baseline b.
 * The target's inverse-temperature factor t is supplied per step, so callers anneal it up to 1.
 *
 * <p>With a symmetry group G the trained distribution is the group average
 * q(s) = (1/|G|) Σ_g q̃(g s) of {@link SymmetrizedModel}, and the gradient goes through the mixture:
 * ∇ ln q(s) = Σ_g w_g(s) ∇ ln q̃(g s) with w_g(s) = q̃(g s) / Σ_h q̃(h s).
 */
public final class ReverseKlTrainer {

    private final AutoregressiveModel model;
    private final SymmetryGroup<byte[]> group;
    private final GenerativeModel<byte[]> sampling;
    private final BatchEnergy<byte[]> energy;
    private final int batch;
    private final int d;
    private final int order;
    private final byte[] xs;
    private final double[] logq;
    private final double[] u;
    private final double[] coefficients;
    private final double[] gradient;
    private double[] imageLogq;
    private double[] lastLogq;
    private int lastN;
    private final DivergenceGuard guard = DivergenceGuard.standard("reverse-KL training of the autoregressive model");

    /**
     * @param model  the autoregressive model q̃, trained in place
     * @param group  symmetries to average over, or null to train q̃ itself
     * @param energy U of a batch (β included)
     * @param batch  samples per step
     */
    public ReverseKlTrainer(AutoregressiveModel model, SymmetryGroup<byte[]> group, BatchEnergy<byte[]> energy,
                            int batch) {
        this.model = model;
        this.group = group != null && group.order() > 1 ? group : null;
        this.d = model.dimension();
        this.sampling = this.group == null ? model
                : new SymmetrizedModel<>(model, this.group, BatchView.SPIN, new byte[d]);
        this.energy = energy;
        this.batch = batch;
        this.order = this.group == null ? 1 : this.group.order();
        this.xs = new byte[batch * d];
        this.logq = new double[batch];
        this.u = new double[batch];
        this.coefficients = new double[batch];
        this.gradient = new double[model.parameterCount()];
    }

    /** The distribution being trained: q̃ itself or its group average. */
    public GenerativeModel<byte[]> samplingModel() {
        return sampling;
    }

    /**
     * One optimizer step towards exp(-t U).
     *
     * @param t   the target's inverse-temperature factor, in (0, 1]
     * @param rng draws the batch
     * @return what the step measured on its batch, before the update
     * @throws org.boltzmann4j.core.B4jException when the loss diverges
     */
    public Step step(double t, RandomGenerator rng) {
        // the draw of SymmetrizedModel.sample (q̃, then a uniform group element), without its separate
        // ln q pass: forward() below gives ln q together with what the gradient needs
        model.sample(batch, rng, xs, logq);
        if (group != null) {
            byte[] s = new byte[d];
            byte[] gs = new byte[d];
            for (int k = 0; k < batch; k++) {
                int g = rng.nextInt(order);
                if (g != 0) {
                    System.arraycopy(xs, k * d, s, 0, d);
                    group.element(g).apply(s, gs);
                    System.arraycopy(gs, 0, xs, k * d, d);
                }
            }
        }
        forward(xs, batch, logq);
        energy.energies(xs, batch, u);
        double baseline = 0;
        for (int k = 0; k < batch; k++) {
            baseline += (t * u[k] + logq[k]) / batch;
        }
        for (int k = 0; k < batch; k++) {
            coefficients[k] = (t * u[k] + logq[k] - baseline) / batch;
        }
        backward(coefficients, gradient);
        double norm = model.descend(gradient);
        if (t < 1 && !Double.isFinite(baseline)) {
            throw B4jException.failure("reverse-KL training of the autoregressive model diverged: loss %s", baseline);
        }
        if (t >= 1) {
            guard.check(baseline); // the loss moves with t while annealing: judge its trend at t = 1 only
        }
        double[] logWeights = new double[batch];
        for (int k = 0; k < batch; k++) {
            logWeights[k] = -u[k] - logq[k];
        }
        return new Step(baseline, norm, logWeights);
    }

    /**
     * ln q of the trained distribution for a batch (with a group: ln of the mean of q̃ over the
     * images g x, as {@link SymmetrizedModel} computes it), keeping what {@link #backward} needs.
     */
    void forward(byte[] xs, int n, double[] logq) {
        lastN = n;
        if (group == null) {
            model.forward(xs, n, logq);
            return;
        }
        byte[] images = new byte[n * order * d];
        byte[] s = new byte[d];
        byte[] gs = new byte[d];
        for (int k = 0; k < n; k++) {
            System.arraycopy(xs, k * d, s, 0, d);
            for (int g = 0; g < order; g++) {
                group.element(g).apply(s, gs);
                System.arraycopy(gs, 0, images, (k * order + g) * d, d);
            }
        }
        imageLogq = new double[n * order];
        model.forward(images, n * order, imageLogq);
        SymmetrizedModel.groupAverage(imageLogq, n, order, logq);
        lastLogq = Arrays.copyOf(logq, n);
    }

    /**
     * Writes Σ_k c_k ∇θ ln q(x_k) over the batch of the last {@link #forward} to {@code gradient}; with
     * a group, ∇ ln q(x) = Σ_g w_g ∇ ln q̃(g x) with w_g = q̃(g x) / (|G| q(x)).
     */
    void backward(double[] c, double[] gradient) {
        if (group == null) {
            model.backward(c, gradient);
            return;
        }
        double[] imageC = new double[lastN * order];
        double logOrder = Math.log(order);
        for (int k = 0; k < lastN; k++) {
            for (int g = 0; g < order; g++) {
                imageC[k * order + g] = c[k] * Math.exp(imageLogq[k * order + g] - lastLogq[k] - logOrder);
            }
        }
        model.backward(imageC, gradient);
    }

    /**
     * What one training step saw.
     *
     * @param freeEnergy   mean of t U + ln q over the batch (the loss; ≥ -ln Z_t on average)
     * @param gradientNorm norm of the loss gradient before clipping
     * @param logWeights   ln w = -U - ln q of each sample for the full target (t = 1)
     */
    public record Step(double freeEnergy, double gradientNorm, double[] logWeights) {
    }
}
