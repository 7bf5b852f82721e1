package org.boltzmann4j.systems;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.ExactReference;
import org.boltzmann4j.system.LinearCollectiveVariable;
import org.boltzmann4j.system.Observable;
import org.boltzmann4j.system.OrderParameter;
import org.boltzmann4j.system.Symmetries;
import org.boltzmann4j.system.Symmetry;
import org.boltzmann4j.system.SymmetryGroup;
import org.boltzmann4j.systems.exact.DoubleWellExact;

/**
 * A tilted double well in the first coordinate with Gaussian spectators:
 * U = β [ barrier (x_0² - 1)² + tilt x_0 + ½ Σ_{i≥1} x_i² ]. Exact answers follow from 1D quadrature
 * in x_0 times the Gaussian factor (2π/β)^{(d-1)/2}.
 */
public final class DoubleWell extends ContinuousSystem {

    public static final String NAME = "double-well";

    public static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.integer("d", 2, 1, 100000, "dimension"),
            ParameterSpec.real("beta", 1, 1e-6, 1e6, "1/energy", "inverse temperature β"),
            ParameterSpec.real("barrier", 8, 0, 1e4, "energy", "barrier height at x_0 = 0"),
            ParameterSpec.real("tilt", 0.5, -1e4, 1e4, "energy", "linear tilt of x_0; > 0 favours the well at x_0 = -1"));

    private final int d;
    private final double beta;
    private final double barrier;
    private final double tilt;

    public DoubleWell(Parameters p) {
        super(NAME, p);
        this.d = p.integer("d");
        this.beta = p.real("beta");
        this.barrier = p.real("barrier");
        this.tilt = p.real("tilt");
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public double energy(double[] x) {
        double w = x[0] * x[0] - 1;
        double e = barrier * w * w + tilt * x[0];
        for (int i = 1; i < d; i++) {
            e += 0.5 * x[i] * x[i];
        }
        return beta * e;
    }

    @Override
    public double energyAndGradient(double[] x, double[] g) {
        double w = x[0] * x[0] - 1;
        g[0] = beta * (4 * barrier * w * x[0] + tilt);
        for (int i = 1; i < d; i++) {
            g[i] = beta * x[i];
        }
        return energy(x);
    }

    @Override
    public double energyChange(double[] x, int i, double value) {
        if (i > 0) {
            return 0.5 * beta * (value * value - x[i] * x[i]);
        }
        double wNew = value * value - 1;
        double wOld = x[0] * x[0] - 1;
        return beta * (barrier * (wNew * wNew - wOld * wOld) + tilt * (value - x[0]));
    }

    @Override
    public List<OrderParameter<double[]>> orderParameters() {
        return List.of(new OrderParameter<>(LinearCollectiveVariable.coordinate("x0", d, 0), 0, 0.5, -1.8, 1.8));
    }

    @Override
    public List<Observable<double[]>> observables() {
        return List.of(Observable.of("x0", x -> x[0]), Observable.of("x0_positive", x -> x[0] > 0 ? 1 : 0));
    }

    @Override
    public SymmetryGroup<double[]> symmetries() {
        List<Symmetry<double[]>> elements = List.of(Symmetries.identity(), Symmetries.signFlip());
        return new SymmetryGroup<>(elements, tilt == 0);
    }

    /** The wells at x_0 = +1 and x_0 = -1, spectators at 0. */
    @Override
    public List<double[]> metastableStates() {
        double[] plus = new double[d];
        double[] minus = new double[d];
        plus[0] = 1;
        minus[0] = -1;
        return List.of(plus, minus);
    }

    /** Quadrature values of every observable, ln Z and the profile of x_0. */
    @Override
    public Optional<ExactReference> exactReference() {
        DoubleWellExact dw = DoubleWellExact.of(d, beta, barrier, tilt);
        return Optional.of(ExactReference.of(Map.of("x0", dw.meanX0(), "x0_positive", dw.probabilityPositive()),
                dw.lnZ(), dw::freeEnergy));
    }

    @Override
    public DoubleWell atBeta(double newBeta) {
        return new DoubleWell(parameters().with("beta", newBeta));
    }
}
