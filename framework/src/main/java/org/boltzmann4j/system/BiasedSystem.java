package org.boltzmann4j.system;

import java.util.ArrayList;
import java.util.List;

import org.boltzmann4j.core.B4jException;

/**
 * A continuous system with a harmonic umbrella bias on a collective variable:
 * U_bias(x) = U(x) + κ/2 (ξ(x) - ξ_c)², κ in units of kT per ξ². Single-site energy changes cost
 * the base system's plus O(1) when ξ does not depend on the site, or one ξ evaluation when it does.
 */
public final class BiasedSystem extends ContinuousSystem {

    private final ContinuousSystem base;
    private final CollectiveVariable cv;
    private final double kappa;
    private final double centre;

    /**
     * @param base   the unbiased system
     * @param cv     the biased collective variable ξ
     * @param kappa  spring constant κ ≥ 0 (reduced units)
     * @param centre window centre ξ_c
     */
    public BiasedSystem(ContinuousSystem base, CollectiveVariable cv, double kappa, double centre) {
        super(base.name() + "/umbrella", base.parameters().with("umbrella_kappa", kappa).with("umbrella_centre", centre));
        if (!(kappa >= 0 && Double.isFinite(kappa)) || !Double.isFinite(centre)) {
            throw B4jException.badInput("an umbrella needs a finite kappa >= 0 and a finite centre (got %s, %s)", kappa, centre);
        }
        this.base = base;
        this.cv = cv;
        this.kappa = kappa;
        this.centre = centre;
    }

    public ContinuousSystem base() {
        return base;
    }

    public CollectiveVariable collectiveVariable() {
        return cv;
    }

    public double kappa() {
        return kappa;
    }

    public double centre() {
        return centre;
    }

    /** The bias κ/2 (ξ - ξ_c)² at ξ. */
    public double bias(double xi) {
        double d = xi - centre;
        return 0.5 * kappa * d * d;
    }

    @Override
    public int dimension() {
        return base.dimension();
    }

    @Override
    public double energy(double[] x) {
        return base.energy(x) + bias(cv.value(x));
    }

    @Override
    public double energyAndGradient(double[] x, double[] gradient) {
        double u = base.energyAndGradient(x, gradient);
        double xi = cv.value(x);
        cv.addGradient(x, kappa * (xi - centre), gradient);
        return u + bias(xi);
    }

    @Override
    public double energyChange(double[] x, int i, double value) {
        double du = base.energyChange(x, i, value);
        double dXi = cv.change(x, i, value);
        if (dXi == 0) {
            return du;
        }
        double xi = cv.value(x);
        return du + bias(xi + dXi) - bias(xi);
    }

    /** ξ first, then the base system's observables. */
    @Override
    public List<Observable<double[]>> observables() {
        List<Observable<double[]>> out = new ArrayList<>();
        out.add(cv);
        for (Observable<double[]> o : base.observables()) {
            if (!o.name().equals(cv.name())) {
                out.add(o);
            }
        }
        return out;
    }

    @Override
    public List<OrderParameter<double[]>> orderParameters() {
        return base.orderParameters();
    }

    @Override
    public List<double[]> metastableStates() {
        return base.metastableStates();
    }
}
