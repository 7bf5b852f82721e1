package org.boltzmann4j.model.nn;

/**
 * Adam (Kingma and Ba 2015) over one flat parameter vector, with gradient clipping by global norm
 * and an optional linear learning-rate warm-up (the first steps of Adam move every parameter by
 * about the full learning rate, which can throw a good initial model far off).
 * Parameters and gradients live in plain arrays that models lay out as they like.
 */
public final class Adam {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double clipNorm;
    private final long warmup;
    private final double[] m;
    private final double[] v;
    private long t;

    /**
     * @param size         number of parameters
     * @param learningRate step size
     * @param clipNorm     largest allowed global gradient norm (Infinity: no clipping)
     */
    public Adam(int size, double learningRate, double clipNorm) {
        this(size, learningRate, clipNorm, 0);
    }

    /**
     * @param warmup steps over which the learning rate ramps up linearly from lr/warmup to lr
     */
    public Adam(int size, double learningRate, double clipNorm, long warmup) {
        this(size, learningRate, 0.9, 0.999, 1e-8, clipNorm, warmup);
    }

    public Adam(int size, double learningRate, double beta1, double beta2, double epsilon, double clipNorm,
                long warmup) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.clipNorm = clipNorm;
        this.warmup = warmup;
        this.m = new double[size];
        this.v = new double[size];
    }

    /**
     * Applies one update in place: params -= lr · m̂ / (√v̂ + ε), after clipping the gradient.
     *
     * @return the gradient norm before clipping
     */
    public double step(double[] params, double[] gradient) {
        double norm = 0;
        for (double g : gradient) {
            norm += g * g;
        }
        norm = Math.sqrt(norm);
        double clip = norm > clipNorm ? clipNorm / norm : 1;
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        double ramp = warmup > 0 ? Math.min(1.0, t / (double) warmup) : 1;
        double lr = ramp * learningRate * Math.sqrt(c2) / c1;
        for (int i = 0; i < params.length; i++) {
            double g = gradient[i] * clip;
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            params[i] -= lr * m[i] / (Math.sqrt(v[i]) + epsilon * Math.sqrt(c2));
        }
        return norm;
    }

    /** Optimizer state (first and second moments, step count), for saving. */
    public double[][] state() {
        return new double[][] {m.clone(), v.clone(), {t}};
    }

    /** Restores the state written by {@link #state()}. */
    public void restore(double[][] state) {
        System.arraycopy(state[0], 0, m, 0, m.length);
        System.arraycopy(state[1], 0, v, 0, v.length);
        t = (long) state[2][0];
    }
}
