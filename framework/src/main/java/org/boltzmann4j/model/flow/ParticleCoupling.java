package org.boltzmann4j.model.flow;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.boltzmann4j.model.nn.Activations;

/**
 * One E(n)-equivariant coupling layer of {@link Eacf}: moves the n particles y (d coordinates each,
 * centre of mass zero) given the n particles c of the other set,
 * <pre>
 * y'_i = c_i + [P D (y − c)]_i + Σ_j ψ_ij (c_i − c_j),   D = diag(e^{s_i}),   P u = u − mean_i(u),
 * </pre>
 * one scale s_i per particle (the same for its d coordinates) and ψ_ij = ψ_ji, both functions of
 * the E(n) invariants of c only: a Gaussian radial basis φ_k(r_ij), k < K, of the pair distances,
 * per-particle sums h_i = Σ_j φ(r_ij) / √(n−1), a tanh MLP h_i → H → H → (1 + K) giving
 * s_i = b tanh(raw_i0 / b) and u_i ∈ R^K, and ψ_ij = tanh(Σ_k φ_k(r_ij) (w_k + u_ik + u_jk)) (bounded, so
 * that no pair moves by more than its distance in one layer).
 *
 * <p>On the centre-of-mass-free subspace the map y − c ↦ P D (y − c) has determinant
 * det(D) (1/n) Σ_i e^{−s_i} per coordinate, so ln |det| = d [Σ_i s_i + ln((1/n) Σ_i e^{−s_i})],
 * and it inverts in closed form: u = D⁻¹ (v + κ 1) with κ = −Σ_i e^{−s_i} v_i / Σ_i e^{−s_i}.
 * Rotating, reflecting or permuting (y, c) together does the same to y'; a symmetric ψ keeps the
 * centre of mass at zero. The last MLP layer and w start at zero: a new layer is the identity.
 *
 * <p>Works one configuration at a time on per-layer scratch; the backward passes reuse the
 * conditioner kept by the pass before them ({@link #keep}) or, where the flow finds that too big
 * (n² × batch), recompute it. Not thread-safe.
 */
final class ParticleCoupling {

    private final int n;
    private final int d;
    private final int k;
    private final int h;
    private final int pairs;
    private final int out;
    private final int[] pi;
    private final int[] pj;
    private final double[] mu;
    private static final double INVERSE_E = Math.exp(-1);

    private final double spacing;
    private final double gamma;
    private final double featureScale;
    private final double scaleBound;
    private final double[] params;
    private final double[] grad;
    private final Activations activations;
    // parameter offsets
    private final int w1;
    private final int b1;
    private final int w2;
    private final int b2;
    private final int w3;
    private final int b3;
    private final int wk;
    // scratch of one configuration
    private final double[] diff;
    private final double[] r;
    private final double[] phi;
    private final double[] feat;
    private final double[] a1;
    private final double[] a2;
    private final double[] raw;
    private final double[] s;
    private final double[] psi;
    private final double[] shift;
    private final double[] gs;
    private final double[] gt;
    private final double[] gphi;
    private final double[] gfeat;
    private final double[] graw;
    private final double[] ga2;
    private final double[] ga1;
    private final double[] tmp;
    private final double[] tmp2;
    /** What {@link #conditioner} computes, in the order {@link #keepSlot} stores it. */
    private final double[][] conditionerParts;
    /** Per configuration of a batch: the conditioner's parts, kept between a pass and its backward pass; null: recompute. */
    private double[][] kept;
    private boolean keeping;

    /**
     * @param basis      K radial basis functions, centred evenly on [0, cutoff]
     * @param hidden     MLP width H
     * @param scaleBound bound b of every log-scale
     * @param params     the flow's parameters (this layer's from {@code offset})
     * @param grad       the flow's gradient, laid out as params
     * @param activations scratch for tanh, shared by the flow's layers
     */
    ParticleCoupling(int particles, int dim, int basis, int hidden, double cutoff, double scaleBound,
                     double[] params, double[] grad, int offset, Activations activations) {
        this.n = particles;
        this.d = dim;
        this.k = basis;
        this.h = hidden;
        this.out = 1 + basis;
        this.pairs = n * (n - 1) / 2;
        this.pi = new int[pairs];
        this.pj = new int[pairs];
        for (int i = 0, p = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, p++) {
                pi[p] = i;
                pj[p] = j;
            }
        }
        this.mu = new double[k];
        this.spacing = cutoff / (k - 1);
        for (int q = 0; q < k; q++) {
            mu[q] = q * spacing;
        }
        this.gamma = 1 / (2 * spacing * spacing);
        this.featureScale = 1 / Math.sqrt(n - 1);
        this.scaleBound = scaleBound;
        this.params = params;
        this.grad = grad;
        this.activations = activations;
        this.w1 = offset;
        this.b1 = w1 + k * h;
        this.w2 = b1 + h;
        this.b2 = w2 + h * h;
        this.w3 = b2 + h;
        this.b3 = w3 + h * out;
        this.wk = b3 + out;
        diff = new double[pairs * d];
        r = new double[pairs];
        phi = new double[pairs * k];
        feat = new double[n * k];
        a1 = new double[n * h];
        a2 = new double[n * h];
        raw = new double[n * out];
        s = new double[n];
        psi = new double[pairs];
        shift = new double[n * d];
        gs = new double[n];
        gt = new double[n * d];
        gphi = new double[pairs * k];
        gfeat = new double[n * k];
        graw = new double[n * out];
        ga2 = new double[n * h];
        ga1 = new double[n * h];
        tmp = new double[d];
        tmp2 = new double[d];
        conditionerParts = new double[][] {diff, r, phi, feat, a1, a2, raw, s, psi, shift};
    }

    /** Doubles one configuration's kept conditioner takes. */
    long keptSize() {
        long size = 0;
        for (double[] part : conditionerParts) {
            size += part.length;
        }
        return size;
    }

    /**
     * From now on the passes keep each configuration's conditioner for the backward passes (which
     * then need not recompute it), for batches of up to {@code count}; {@link #forget} ends it.
     */
    void keep(int count) {
        if (kept == null || kept.length < count) {
            kept = new double[count][(int) keptSize()];
        }
        keeping = true;
    }

    void forget() {
        keeping = false;
    }

    private void keepSlot(int off) {
        double[] slot = kept[off / (n * d)];
        int at = 0;
        for (double[] part : conditionerParts) {
            System.arraycopy(part, 0, slot, at, part.length);
            at += part.length;
        }
    }

    /** The conditioner of c at {@code off}: the kept one while keeping, else computed afresh. */
    private void restoreConditioner(double[] c, int off) {
        if (!keeping) {
            conditioner(c, off);
            return;
        }
        double[] slot = kept[off / (n * d)];
        int at = 0;
        for (double[] part : conditionerParts) {
            System.arraycopy(slot, at, part, 0, part.length);
            at += part.length;
        }
    }

    /** Parameters of one layer. */
    static int parameterCount(int basis, int hidden) {
        int out = 1 + basis;
        return basis * hidden + hidden + hidden * hidden + hidden + hidden * out + out + basis;
    }

    /** Draws the hidden weights (Glorot-uniform); the output layer and w stay zero. */
    void initialize(SplittableRandom rng) {
        glorot(rng, w1, k, h);
        glorot(rng, w2, h, h);
    }

    private void glorot(SplittableRandom rng, int at, int fanIn, int fanOut) {
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < fanIn * fanOut; i++) {
            params[at + i] = rng.nextDouble(-bound, bound);
        }
    }

    /** y' = f(y | c) for the configuration at {@code off}; returns ln |det ∂y'/∂y| on the COM-free subspace. */
    double forward(double[] c, double[] y, double[] yOut, int off) {
        conditioner(c, off);
        if (keeping) {
            keepSlot(off);
        }
        int nd = n * d;
        Arrays.fill(tmp, 0);
        for (int i = 0; i < n; i++) {
            double e = Math.exp(s[i]);
            for (int a = 0; a < d; a++) {
                int at = off + i * d + a;
                double v = e * (y[at] - c[at]);
                yOut[at] = v;
                tmp[a] += v;
            }
        }
        for (int a = 0; a < d; a++) {
            tmp[a] /= n;
        }
        for (int i = 0; i < nd; i++) {
            int at = off + i;
            yOut[at] += c[at] + shift[i] - tmp[i % d];
        }
        return logDet();
    }

    /** y = f⁻¹(y' | c) for the configuration at {@code off}; returns ln |det ∂y'/∂y| (of the forward map). */
    double inverse(double[] c, double[] yOut, double[] y, int off) {
        conditioner(c, off);
        if (keeping) {
            keepSlot(off);
        }
        double sum = 0;
        Arrays.fill(tmp, 0);
        for (int i = 0; i < n; i++) {
            double e = Math.exp(-s[i]);
            sum += e;
            for (int a = 0; a < d; a++) {
                int at = off + i * d + a;
                tmp[a] += e * (yOut[at] - c[at] - shift[i * d + a]);
            }
        }
        for (int i = 0; i < n; i++) {
            double e = Math.exp(-s[i]);
            for (int a = 0; a < d; a++) {
                int at = off + i * d + a;
                y[at] = c[at] + e * (yOut[at] - c[at] - shift[i * d + a] - tmp[a] / sum);
            }
        }
        return logDet();
    }

    private double logDet() {
        double sum = 0;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            sum += s[i];
            mean += Math.exp(-s[i]);
        }
        return d * (sum + Math.log(mean / n));
    }

    /**
     * Backward pass of {@link #forward} at {@code off} for a loss L − λ ln|det|: on entry gy holds
     * ∂L/∂y' and gc ∂L/∂c (c passes through the layer); on exit they hold ∂L/∂y and ∂L/∂c of the
     * input; the parameter gradient is added to the flow's.
     */
    void backpropForward(double[] c, double[] y, int off, double[] gy, double[] gc, double lambda) {
        restoreConditioner(c, off);
        // g_w = P gy': the gradient of e^{s} (y − c) before the mean is removed
        Arrays.fill(tmp, 0);
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                tmp[a] += gy[off + i * d + a];
            }
        }
        double sumE = 0;
        for (int i = 0; i < n; i++) {
            sumE += Math.exp(-s[i]);
        }
        for (int i = 0; i < n; i++) {
            double e = Math.exp(s[i]);
            double g = 0;
            for (int a = 0; a < d; a++) {
                int at = off + i * d + a;
                double gw = gy[at] - tmp[a] / n;
                gt[i * d + a] = gy[at];
                g += (y[at] - c[at]) * gw;
                double gu = e * gw;
                gc[at] += gy[at] - gu;
                gy[at] = gu;
            }
            gs[i] = e * g - lambda * d * (1 - Math.exp(-s[i]) / sumE);
        }
        backpropConditioner(c, off, gc);
    }

    /**
     * Backward pass of {@link #inverse} at {@code off} for a loss L + λ ln|det| (the forward map's):
     * on entry gy holds ∂L/∂y of the inverse's output and gc ∂L/∂c; on exit gy holds ∂L/∂y' and gc
     * ∂L/∂c; the parameter gradient is added to the flow's.
     */
    void backpropInverse(double[] c, double[] yOut, int off, double[] gy, double[] gc, double lambda) {
        restoreConditioner(c, off);
        double sumE = 0;
        double[] kappa = tmp;
        double[] weighted = tmp2;
        Arrays.fill(kappa, 0);
        Arrays.fill(weighted, 0);
        for (int i = 0; i < n; i++) {
            double e = Math.exp(-s[i]);
            sumE += e;
            for (int a = 0; a < d; a++) {
                int at = off + i * d + a;
                kappa[a] -= e * (yOut[at] - c[at] - shift[i * d + a]);
                weighted[a] += e * gy[at];
            }
        }
        for (int a = 0; a < d; a++) {
            kappa[a] /= sumE;
            weighted[a] /= sumE;
        }
        for (int i = 0; i < n; i++) {
            double e = Math.exp(-s[i]);
            double ge = 0;
            for (int a = 0; a < d; a++) {
                int at = off + i * d + a;
                double vk = yOut[at] - c[at] - shift[i * d + a] + kappa[a];
                ge += vk * (gy[at] - weighted[a]);
                double gv = e * (gy[at] - weighted[a]);
                gc[at] += gy[at] - gv;
                gt[i * d + a] = -gv;
                gy[at] = gv;
            }
            gs[i] = -e * ge + lambda * d * (1 - e / sumE);
        }
        backpropConditioner(c, off, gc);
    }

    /** The invariants of c, the MLP, s, ψ and the shift Σ_j ψ_ij (c_i − c_j), into scratch. */
    private void conditioner(double[] c, int off) {
        Arrays.fill(feat, 0);
        for (int p = 0; p < pairs; p++) {
            int i = off + pi[p] * d;
            int j = off + pj[p] * d;
            double r2 = 0;
            for (int a = 0; a < d; a++) {
                double v = c[i + a] - c[j + a];
                diff[p * d + a] = v;
                r2 += v * v;
            }
            double rr = Math.sqrt(r2);
            r[p] = rr;
            int fi = pi[p] * k;
            int fj = pj[p] * k;
            basis(rr, p * k);
            for (int q = 0; q < k; q++) {
                double f = phi[p * k + q] * featureScale;
                feat[fi + q] += f;
                feat[fj + q] += f;
            }
        }
        dense(feat, k, w1, b1, a1, true);
        dense(a1, h, w2, b2, a2, true);
        dense(a2, h, w3, b3, raw, false);
        for (int i = 0; i < n; i++) {
            s[i] = scaleBound * Math.tanh(raw[i * out] / scaleBound);
        }
        Arrays.fill(shift, 0);
        for (int p = 0; p < pairs; p++) {
            int ui = pi[p] * out + 1;
            int uj = pj[p] * out + 1;
            double v = 0;
            for (int q = 0; q < k; q++) {
                v += phi[p * k + q] * (params[wk + q] + raw[ui + q] + raw[uj + q]);
            }
            v = Math.tanh(v);
            psi[p] = v;
            for (int a = 0; a < d; a++) {
                double t = v * diff[p * d + a];
                shift[pi[p] * d + a] += t;
                shift[pj[p] * d + a] -= t;
            }
        }
    }

    /**
     * φ_q(r) = exp(−γ (r − μ_q)²) for every q into phi[at..]: two exponentials and the recurrence
     * φ_{q+1} = φ_q ρ_q, ρ_{q+1} = ρ_q / e (γ δ² = 1/2 for spacing δ), directly where e^{−γ r²} underflows.
     */
    private void basis(double rr, int at) {
        if (gamma * rr * rr < 600) {
            double f = Math.exp(-gamma * rr * rr);
            double ratio = Math.exp(rr / spacing - 0.5);
            for (int q = 0; q < k; q++) {
                phi[at + q] = f;
                f *= ratio;
                ratio *= INVERSE_E;
            }
        } else {
            for (int q = 0; q < k; q++) {
                double t = rr - mu[q];
                phi[at + q] = Math.exp(-gamma * t * t);
            }
        }
    }

    /** rows n: y = act(x W + b), W at {@code w} (fanIn × width), b at {@code b}. */
    private void dense(double[] x, int fanIn, int w, int b, double[] y, boolean tanh) {
        int width = tanh ? h : out;
        for (int i = 0; i < n; i++) {
            int yo = i * width;
            for (int o = 0; o < width; o++) {
                y[yo + o] = params[b + o];
            }
            for (int f = 0; f < fanIn; f++) {
                double v = x[i * fanIn + f];
                int wo = w + f * width;
                for (int o = 0; o < width; o++) {
                    y[yo + o] += v * params[wo + o];
                }
            }
        }
        if (tanh) {
            activations.tanh(y, 0, n * width);
        }
    }

    /** Backward of dense: gy (n × width) into the parameter gradient and gx (n × fanIn, overwritten, if not null). */
    private void denseBackward(double[] x, int fanIn, int w, int b, double[] gy, int width, double[] gx) {
        for (int i = 0; i < n; i++) {
            int go = i * width;
            for (int o = 0; o < width; o++) {
                grad[b + o] += gy[go + o];
            }
            for (int f = 0; f < fanIn; f++) {
                double v = x[i * fanIn + f];
                int wo = w + f * width;
                double g = 0;
                for (int o = 0; o < width; o++) {
                    grad[wo + o] += v * gy[go + o];
                    g += params[wo + o] * gy[go + o];
                }
                if (gx != null) {
                    gx[i * fanIn + f] = g;
                }
            }
        }
    }

    /**
     * From gs = ∂L/∂s and gt = ∂L/∂shift (scratch), adds ∂L/∂c to gc and the parameter gradient to
     * the flow's; {@link #conditioner} must have run on the same c.
     */
    private void backpropConditioner(double[] c, int off, double[] gc) {
        Arrays.fill(graw, 0);
        for (int i = 0; i < n; i++) {
            double t = Math.tanh(raw[i * out] / scaleBound);
            graw[i * out] = gs[i] * (1 - t * t);
        }
        for (int p = 0; p < pairs; p++) {
            int i = pi[p];
            int j = pj[p];
            double gpsi = 0;
            for (int a = 0; a < d; a++) {
                double gdiff = gt[i * d + a] - gt[j * d + a];
                gpsi += gdiff * diff[p * d + a];
                gc[off + i * d + a] += psi[p] * gdiff;
                gc[off + j * d + a] -= psi[p] * gdiff;
            }
            gpsi *= 1 - psi[p] * psi[p];
            int ui = i * out + 1;
            int uj = j * out + 1;
            for (int q = 0; q < k; q++) {
                double f = phi[p * k + q];
                grad[wk + q] += gpsi * f;
                graw[ui + q] += gpsi * f;
                graw[uj + q] += gpsi * f;
                gphi[p * k + q] = gpsi * (params[wk + q] + raw[ui + q] + raw[uj + q]);
            }
        }
        denseBackward(a2, h, w3, b3, graw, out, ga2);
        for (int i = 0; i < n * h; i++) {
            ga2[i] *= 1 - a2[i] * a2[i];
        }
        denseBackward(a1, h, w2, b2, ga2, h, ga1);
        for (int i = 0; i < n * h; i++) {
            ga1[i] *= 1 - a1[i] * a1[i];
        }
        denseBackward(feat, k, w1, b1, ga1, h, gfeat);
        for (int p = 0; p < pairs; p++) {
            int fi = pi[p] * k;
            int fj = pj[p] * k;
            double gr = 0;
            for (int q = 0; q < k; q++) {
                double g = gphi[p * k + q] + featureScale * (gfeat[fi + q] + gfeat[fj + q]);
                gr += g * -2 * gamma * (r[p] - mu[q]) * phi[p * k + q];
            }
            if (r[p] > 0) {
                gr /= r[p];
                for (int a = 0; a < d; a++) {
                    double g = gr * diff[p * d + a];
                    gc[off + pi[p] * d + a] += g;
                    gc[off + pj[p] * d + a] -= g;
                }
            }
        }
    }
}
