package org.boltzmann4j.system;

/**
 * A differentiable collective variable ξ(x) on R^d, the coordinate along which an umbrella bias
 * acts; a system whose primary order parameter is one can be sampled by the {@code umbrella}
 * sampler. Implementations must be thread-safe (chains are updated in parallel) and must not keep
 * {@code x}.
 */
public interface CollectiveVariable extends Observable<double[]> {

    /** ξ(x). */
    @Override
    double value(double[] x);

    /** Adds {@code scale} × ∇ξ(x) to {@code gradient}. */
    void addGradient(double[] x, double scale, double[] gradient);

    /**
     * ξ(x with x_i replaced by {@code v}) - ξ(x), for single-site updates; exactly 0 when ξ does
     * not depend on x_i. The default evaluates ξ twice; local variables override it.
     */
    default double change(double[] x, int i, double v) {
        double before = value(x);
        double old = x[i];
        x[i] = v;
        double after = value(x);
        x[i] = old;
        return after - before;
    }
}
