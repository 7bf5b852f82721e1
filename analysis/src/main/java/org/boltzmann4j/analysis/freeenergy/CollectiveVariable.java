package org.boltzmann4j.analysis.freeenergy;

import org.boltzmann4j.system.Observable;

/**
 * A differentiable collective variable ξ(x) on R^d, the coordinate along which an umbrella bias
 * acts. Implementations must be thread-safe (chains are updated in parallel) and must not keep
 * {@code x}.
 */
public interface CollectiveVariable {

    String name();

    /** ξ(x). */
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

    /** ξ as an observable recorded along chains. */
    default Observable<double[]> asObservable() {
        return Observable.of(name(), this::value);
    }
}
