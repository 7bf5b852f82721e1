package org.boltzmann4j.model.flow;

import java.util.Arrays;
import java.util.random.RandomGenerator;

import org.boltzmann4j.model.nn.Activations;
import org.boltzmann4j.model.nn.NativeArray;

/**
 * One affine coupling layer as a fused kernel. The sites B move, x_B → x_B e^s + t, while the sites
 * A stay and condition the move: (raw s, t) = W₃ tanh(W₂ tanh(W₁ x_A + b₁) + b₂) + b₃ and
 * s = c tanh(raw s / c). Forward and backward passes are written out by hand: GEMMs run in native
 * memory through BLAS, everything element-wise runs in Java loops over preallocated arrays.
 *
 * <p>The layer keeps what its last forward or inverse pass computed, for the backward pass that
 * follows it.
 */
final class Coupling {

    private final int d;
    private final int h;
    private final int nA;
    private final int nB;
    private final int[] cond;
    private final int[] trans;
    private final double c;
    private final double[] params;
    private final double[] gradient;
    private final int b1;
    private final int b2;
    private final int b3;
    private final int w1;
    private final int w2;
    private final int w3;
    private final NativeArray weight1;
    private final NativeArray weight2;
    private final NativeArray weight3;
    private final NativeArray weightGradient1;
    private final NativeArray weightGradient2;
    private final NativeArray weightGradient3;

    private NativeArray inputs;
    private NativeArray hidden1;
    private NativeArray hidden2;
    private double[] h1;
    private double[] h2;
    private double[] s;
    private double[] expS;

    /**
     * @param offset where this layer's parameters start in the flat vector: W₁ (H × |A|), b₁, W₂ (H × H),
     *               b₂, W₃ (2|B| × H), b₃, weights row-major (output × input)
     */
    Coupling(int d, int h, int[] cond, int[] trans, double scaleBound, double[] params, double[] gradient,
             NativeArray weights, NativeArray weightGradients, int offset) {
        this.d = d;
        this.h = h;
        this.nA = cond.length;
        this.nB = trans.length;
        this.cond = cond;
        this.trans = trans;
        this.c = scaleBound;
        this.params = params;
        this.gradient = gradient;
        this.w1 = offset;
        this.b1 = w1 + h * nA;
        this.w2 = b1 + h;
        this.b2 = w2 + h * h;
        this.w3 = b2 + h;
        this.b3 = w3 + 2 * nB * h;
        this.weight1 = weights.view(w1);
        this.weight2 = weights.view(w2);
        this.weight3 = weights.view(w3);
        this.weightGradient1 = weightGradients.view(w1);
        this.weightGradient2 = weightGradients.view(w2);
        this.weightGradient3 = weightGradients.view(w3);
    }

    /** Number of parameters of a layer with these sizes. */
    static int parameterCount(int h, int nA, int nB) {
        return h * nA + h + h * h + h + 2 * nB * h + 2 * nB;
    }

    /** Writes initial parameters: W₁, W₂ ~ N(0, 1/fan-in), everything else zero (the identity map). */
    void initialize(RandomGenerator rng) {
        Arrays.fill(params, w1, b3 + 2 * nB, 0);
        for (int i = 0; i < h * nA; i++) {
            params[w1 + i] = rng.nextGaussian() / Math.sqrt(nA);
        }
        for (int i = 0; i < h * h; i++) {
            params[w2 + i] = rng.nextGaussian() / Math.sqrt(h);
        }
    }

    /** Sizes the per-batch buffers for {@code capacity} configurations. */
    void allocate(int capacity, boolean float32) {
        inputs = NativeArray.allocate(capacity * nA, float32);
        hidden1 = NativeArray.allocate(capacity * h, float32);
        hidden2 = NativeArray.allocate(capacity * h, float32);
        h1 = new double[capacity * h];
        h2 = new double[capacity * h];
        s = new double[capacity * nB];
        expS = new double[capacity * nB];
    }

    /** The generative direction: out = in with x_B → x_B e^s + t; adds Σ s to logdet. */
    void forward(double[] in, double[] out, int n, Scratch ws, double[] logdet) {
        condition(in, n, ws);
        System.arraycopy(in, 0, out, 0, n * d);
        double[] t = ws.shift;
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int j = 0; j < nB; j++) {
                int i = k * d + trans[j];
                int q = k * nB + j;
                out[i] = in[i] * expS[q] + t[q];
                sum += s[q];
            }
            logdet[k] += sum;
        }
    }

    /** The normalizing direction: out = in with x_B → (x_B − t) e^−s; subtracts Σ s from logdet. */
    void inverse(double[] in, double[] out, int n, Scratch ws, double[] logdet) {
        condition(in, n, ws);
        System.arraycopy(in, 0, out, 0, n * d);
        double[] t = ws.shift;
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int j = 0; j < nB; j++) {
                int i = k * d + trans[j];
                int q = k * nB + j;
                out[i] = (in[i] - t[q]) / expS[q];
                sum += s[q];
            }
            logdet[k] -= sum;
        }
    }

    /**
     * Backward pass after {@link #forward} for a loss L + (−Σ s)/n per configuration: turns
     * g = ∂L/∂out into ∂L/∂in in place and writes this layer's parameter gradient.
     *
     * @param in             the input of the forward pass
     * @param inputGradient  whether ∂L/∂in is needed (false for the first layer)
     */
    void backpropForward(double[] g, double[] in, int n, boolean inputGradient, Scratch ws) {
        double invN = 1.0 / n;
        double[] go = ws.gradOut;
        int m = 2 * nB;
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < nB; j++) {
                int i = k * d + trans[j];
                int q = k * nB + j;
                double gy = g[i];
                double e = expS[q];
                double sc = s[q] / c;
                go[k * m + j] = (gy * in[i] * e - invN) * (1 - sc * sc);
                go[k * m + nB + j] = gy;
                g[i] = gy * e;
            }
        }
        backpropConditioner(g, n, inputGradient, ws);
    }

    /**
     * Backward pass after {@link #inverse} for a loss L + (Σ s)/n per configuration: turns
     * g = ∂L/∂out into ∂L/∂in in place and writes this layer's parameter gradient.
     *
     * @param out            the output of the inverse pass
     * @param inputGradient  whether ∂L/∂in is needed (false for the layer that reads the data)
     */
    void backpropInverse(double[] g, double[] out, int n, boolean inputGradient, Scratch ws) {
        double invN = 1.0 / n;
        double[] go = ws.gradOut;
        int m = 2 * nB;
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < nB; j++) {
                int i = k * d + trans[j];
                int q = k * nB + j;
                double gy = g[i];
                double gx = gy / expS[q];
                double sc = s[q] / c;
                go[k * m + j] = (invN - gy * out[i]) * (1 - sc * sc);
                go[k * m + nB + j] = -gx;
                g[i] = gx;
            }
        }
        backpropConditioner(g, n, inputGradient, ws);
    }

    /** Conditioner forward on the sites A of x: fills s, e^s, and t (in the scratch). */
    private void condition(double[] x, int n, Scratch ws) {
        double[] rows = ws.rows;
        for (int k = 0; k < n; k++) {
            int src = k * d;
            int dst = k * nA;
            for (int j = 0; j < nA; j++) {
                rows[dst + j] = x[src + cond[j]];
            }
        }
        inputs.write(rows, 0, n * nA);
        NativeArray.gemm(false, true, n, h, nA, inputs, nA, weight1, nA, ws.out, h);
        activate(ws, n, b1, h1, hidden1);
        NativeArray.gemm(false, true, n, h, h, hidden1, h, weight2, h, ws.out, h);
        activate(ws, n, b2, h2, hidden2);
        int m = 2 * nB;
        NativeArray.gemm(false, true, n, m, h, hidden2, h, weight3, h, ws.out, m);
        ws.out.read(rows, 0, n * m);
        double[] t = ws.shift;
        double invC = 1 / c;
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < nB; j++) {
                s[k * nB + j] = (rows[k * m + j] + params[b3 + j]) * invC;
                t[k * nB + j] = rows[k * m + nB + j] + params[b3 + nB + j];
            }
        }
        ws.math.tanh(s, 0, n * nB);
        for (int q = 0; q < n * nB; q++) {
            s[q] *= c;
        }
        System.arraycopy(s, 0, expS, 0, n * nB);
        ws.math.exp(expS, 0, n * nB);
    }

    /** act = tanh(GEMM output + bias), kept in Java and copied to native memory for the next GEMM. */
    private void activate(Scratch ws, int n, int bias, double[] act, NativeArray nativeAct) {
        ws.out.read(act, 0, n * h);
        for (int k = 0; k < n; k++) {
            int row = k * h;
            for (int j = 0; j < h; j++) {
                act[row + j] += params[bias + j];
            }
        }
        ws.math.tanh(act, 0, n * h);
        nativeAct.write(act, 0, n * h);
    }

    /** Backward through the conditioner from ∂L/∂(raw s, t) in the scratch; adds ∂L/∂x_A to g. */
    private void backpropConditioner(double[] g, int n, boolean inputGradient, Scratch ws) {
        int m = 2 * nB;
        double[] go = ws.gradOut;
        Arrays.fill(gradient, b3, b3 + m, 0);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < m; j++) {
                gradient[b3 + j] += go[k * m + j];
            }
        }
        ws.gradOutNative.write(go, 0, n * m);
        NativeArray.gemm(true, false, m, h, n, ws.gradOutNative, m, hidden2, h, weightGradient3, h);
        NativeArray.gemm(false, false, n, h, m, ws.gradOutNative, m, weight3, h, ws.out, h);
        deactivate(ws, n, b2, h2);
        NativeArray.gemm(true, false, h, h, n, ws.gradHidden, h, hidden1, h, weightGradient2, h);
        NativeArray.gemm(false, false, n, h, h, ws.gradHidden, h, weight2, h, ws.out, h);
        deactivate(ws, n, b1, h1);
        NativeArray.gemm(true, false, h, nA, n, ws.gradHidden, h, inputs, nA, weightGradient1, nA);
        if (inputGradient) {
            NativeArray.gemm(false, false, n, nA, h, ws.gradHidden, h, weight1, nA, ws.out, nA);
            double[] rows = ws.rows;
            ws.out.read(rows, 0, n * nA);
            for (int k = 0; k < n; k++) {
                int dst = k * d;
                int src = k * nA;
                for (int j = 0; j < nA; j++) {
                    g[dst + cond[j]] += rows[src + j];
                }
            }
        }
        weightGradient1.read(gradient, w1, h * nA);
        weightGradient2.read(gradient, w2, h * h);
        weightGradient3.read(gradient, w3, m * h);
    }

    /** ∂L/∂(pre-activation) = ∂L/∂act (1 − act²) from the GEMM output; bias gradient; to native memory. */
    private void deactivate(Scratch ws, int n, int bias, double[] act) {
        double[] r = ws.rows;
        ws.out.read(r, 0, n * h);
        Arrays.fill(gradient, bias, bias + h, 0);
        for (int k = 0; k < n; k++) {
            int row = k * h;
            for (int j = 0; j < h; j++) {
                double a = act[row + j];
                double gp = r[row + j] * (1 - a * a);
                r[row + j] = gp;
                gradient[bias + j] += gp;
            }
        }
        ws.gradHidden.write(r, 0, n * h);
    }

    /** Buffers shared by all layers of a flow, sized for a batch capacity. */
    static final class Scratch {
        final double[] rows;
        final double[] shift;
        final double[] gradOut;
        final Activations math = new Activations();
        final NativeArray out;
        final NativeArray gradOutNative;
        final NativeArray gradHidden;

        /**
         * @param maxA most conditioning sites of any layer
         * @param maxB most transformed sites of any layer
         */
        Scratch(int capacity, int h, int maxA, int maxB, boolean float32) {
            int wide = Math.max(h, Math.max(maxA, 2 * maxB));
            rows = new double[capacity * wide];
            shift = new double[capacity * maxB];
            gradOut = new double[capacity * 2 * maxB];
            out = NativeArray.allocate(capacity * wide, float32);
            gradOutNative = NativeArray.allocate(capacity * 2 * maxB, float32);
            gradHidden = NativeArray.allocate(capacity * h, float32);
        }
    }
}
