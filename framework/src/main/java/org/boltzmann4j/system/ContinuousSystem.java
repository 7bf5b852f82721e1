package org.boltzmann4j.system;

import org.boltzmann4j.core.Parameters;

/**
 * A Boltzmann density on R^d. Subclasses implement {@link #energy(double[])} and, for gradient
 * samplers and reverse-KL training, {@link #energyAndGradient(double[], double[])}. Batched forms
 * work on row-major blocks of n configurations (n × d doubles); override them where a batch is
 * cheaper than n calls.
 */
public abstract class ContinuousSystem extends BoltzmannSystem<double[]> {

    protected ContinuousSystem(String name, Parameters parameters) {
        super(name, parameters);
    }

    /**
     * U(x) and its gradient: writes ∇U(x) to {@code gradient} and returns U(x). The default uses
     * central finite differences (2d energy calls): override it with the analytic gradient.
     */
    public double energyAndGradient(double[] x, double[] gradient) {
        double[] y = x.clone();
        for (int i = 0; i < x.length; i++) {
            double h = 1e-6 * Math.max(1.0, Math.abs(x[i]));
            y[i] = x[i] + h;
            double up = energy(y);
            y[i] = x[i] - h;
            double down = energy(y);
            y[i] = x[i];
            gradient[i] = (up - down) / (2 * h);
        }
        return energy(x);
    }

    /**
     * U(x with x_i replaced by {@code value}) - U(x), for single-site updates. The default
     * recomputes U twice; lattice fields override it with the O(1) local difference.
     */
    public double energyChange(double[] x, int i, double value) {
        double before = energy(x);
        double old = x[i];
        x[i] = value;
        double after = energy(x);
        x[i] = old;
        return after - before;
    }

    /** U of n configurations stored row-major in {@code xs}; results in {@code out[0..n)}. */
    public void energies(double[] xs, int n, double[] out) {
        int d = dimension();
        double[] x = new double[d];
        for (int k = 0; k < n; k++) {
            System.arraycopy(xs, k * d, x, 0, d);
            out[k] = energy(x);
        }
    }

    /** U and ∇U of n configurations; gradients row-major in {@code gradients}. */
    public void energiesAndGradients(double[] xs, int n, double[] out, double[] gradients) {
        int d = dimension();
        double[] x = new double[d];
        double[] g = new double[d];
        for (int k = 0; k < n; k++) {
            System.arraycopy(xs, k * d, x, 0, d);
            out[k] = energyAndGradient(x, g);
            System.arraycopy(g, 0, gradients, k * d, d);
        }
    }

    @Override
    public double[] newConfiguration() {
        return new double[dimension()];
    }

    @Override
    public SymmetryGroup<double[]> symmetries() {
        return SymmetryGroup.trivial(Symmetries.identity());
    }

}
