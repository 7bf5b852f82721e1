package org.boltzmann4j.systems;

import java.util.LinkedHashMap;
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
import org.boltzmann4j.system.SymmetryGroup;
import org.boltzmann4j.systems.exact.Phi4ChainExact;

/**
 * The 1D φ⁴ (Ginzburg-Landau) chain with Dirichlet ends, as in Gabrié, Rotskoff and
 * Vanden-Eijnden (PNAS 2022):
 * U = β [ a/(2dx) Σ_{i=1..N+1} (φ_i - φ_{i-1})² + dx/(4a) Σ_{i=1..N} (1 - φ_i²)² + h dx Σ_i φ_i ],
 * φ_0 = φ_{N+1} = 0, dx = 1/(N+1). Two metastable states, field mostly +1 or mostly -1; the field h
 * tilts their weights.
 */
public final class Phi4Chain extends ContinuousSystem {

    public static final String NAME = "phi4-chain";

    public static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.integer("N", 100, 2, 4096, "number of interior sites"),
            ParameterSpec.real("beta", 20, 1e-6, 1e6, "1/energy", "inverse temperature β"),
            ParameterSpec.real("a", 0.1, 1e-6, 1e6, "length", "interface width"),
            ParameterSpec.real("h", 0, -1e6, 1e6, "energy", "external field"));

    private final int n;
    private final double beta;
    private final double a;
    private final double h;
    private final double dx;
    private final double gradientCoupling; // β a / dx
    private final double potentialCoupling; // β dx / (4a)
    private final double fieldCoupling; // β h dx
    private final int mid;

    public Phi4Chain(Parameters p) {
        super(NAME, p);
        this.n = p.integer("N");
        this.beta = p.real("beta");
        this.a = p.real("a");
        this.h = p.real("h");
        this.dx = 1.0 / (n + 1);
        this.gradientCoupling = beta * a / dx;
        this.potentialCoupling = beta * dx / (4 * a);
        this.fieldCoupling = beta * h * dx;
        this.mid = (n + 1) / 2 - 1;
    }

    /** The chain with every parameter at its default. */
    public static Phi4Chain defaults() {
        return new Phi4Chain(Parameters.resolve(NAME, PARAMETERS, java.util.Map.of()));
    }

    @Override
    public int dimension() {
        return n;
    }

    /** 0-based index of φ_mid, the site (N+1)/2 (1-based, integer division). */
    public int midIndex() {
        return mid;
    }

    @Override
    public double energy(double[] x) {
        double grad = 0;
        double pot = 0;
        double field = 0;
        double prev = 0;
        for (int i = 0; i < n; i++) {
            double d = x[i] - prev;
            grad += d * d;
            double w = 1 - x[i] * x[i];
            pot += w * w;
            field += x[i];
            prev = x[i];
        }
        grad += prev * prev;
        return 0.5 * gradientCoupling * grad + potentialCoupling * pot + fieldCoupling * field;
    }

    @Override
    public double energyAndGradient(double[] x, double[] g) {
        double grad = 0;
        double pot = 0;
        double field = 0;
        for (int i = 0; i < n; i++) {
            double left = i > 0 ? x[i - 1] : 0;
            double right = i < n - 1 ? x[i + 1] : 0;
            double d = x[i] - left;
            grad += d * d;
            double w = 1 - x[i] * x[i];
            pot += w * w;
            field += x[i];
            g[i] = gradientCoupling * (2 * x[i] - left - right) - 4 * potentialCoupling * x[i] * w + fieldCoupling;
        }
        grad += x[n - 1] * x[n - 1];
        return 0.5 * gradientCoupling * grad + potentialCoupling * pot + fieldCoupling * field;
    }

    @Override
    public double energyChange(double[] x, int i, double value) {
        double left = i > 0 ? x[i - 1] : 0;
        double right = i < n - 1 ? x[i + 1] : 0;
        double old = x[i];
        double dGrad = (value - left) * (value - left) + (right - value) * (right - value)
                - (old - left) * (old - left) - (right - old) * (right - old);
        double wNew = 1 - value * value;
        double wOld = 1 - old * old;
        return 0.5 * gradientCoupling * dGrad + potentialCoupling * (wNew * wNew - wOld * wOld)
                + fieldCoupling * (value - old);
    }

    @Override
    public List<OrderParameter<double[]>> orderParameters() {
        return List.of(new OrderParameter<>(LinearCollectiveVariable.coordinate("phi_mid", n, mid), 0, 0.5, -1.6, 1.6));
    }

    @Override
    public List<Observable<double[]>> observables() {
        return List.of(
                Observable.of("phi_mid", x -> x[mid]),
                Observable.of("phi_mid_positive", x -> x[mid] > 0 ? 1 : 0),
                Observable.of("mean_phi", x -> {
                    double s = 0;
                    for (double v : x) {
                        s += v;
                    }
                    return s / x.length;
                }));
    }

    @Override
    public SymmetryGroup<double[]> symmetries() {
        return new SymmetryGroup<>(List.of(Symmetries.identity(), Symmetries.signFlip(), Symmetries.mirror(),
                Symmetries.signFlipMirror()), h == 0);
    }

    /** The two kink-free minimisers φ_i ≈ ±tanh(x/(√2 a)) tanh((1-x)/(√2 a)), + first. */
    @Override
    public List<double[]> metastableStates() {
        double[] plus = new double[n];
        double[] minus = new double[n];
        double w = Math.sqrt(2) * a;
        for (int i = 0; i < n; i++) {
            double x = (i + 1) * dx;
            plus[i] = Math.tanh(x / w) * Math.tanh((1 - x) / w);
            minus[i] = -plus[i];
        }
        return List.of(plus, minus);
    }

    /** Transfer-matrix values of every observable, ln Z and the profile of φ_mid. */
    @Override
    public Optional<ExactReference> exactReference() {
        Phi4ChainExact tm = Phi4ChainExact.of(n, beta, a, h);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("phi_mid", tm.meanPhiMid());
        values.put("phi_mid_positive", tm.probabilityMidPositive());
        double mean = 0;
        for (double v : tm.meanPhi()) {
            mean += v;
        }
        values.put("mean_phi", mean / tm.meanPhi().length);
        return Optional.of(ExactReference.of(values, tm.lnZ(), tm::midFreeEnergy));
    }

    @Override
    public Phi4Chain atBeta(double newBeta) {
        return new Phi4Chain(parameters().with("beta", newBeta));
    }
}
