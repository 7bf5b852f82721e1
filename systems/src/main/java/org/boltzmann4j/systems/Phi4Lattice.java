package org.boltzmann4j.systems;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.DerivedObservable;
import org.boltzmann4j.system.ExactReference;
import org.boltzmann4j.system.LinearCollectiveVariable;
import org.boltzmann4j.system.Observable;
import org.boltzmann4j.system.OrderParameter;
import org.boltzmann4j.system.SpinLattice;
import org.boltzmann4j.system.SquareTorusGroup;
import org.boltzmann4j.system.SymmetryGroup;
import org.boltzmann4j.systems.exact.FreeField;

/**
 * Scalar φ⁴ theory on the L × L square torus, the action of Albergo, Kanwar and Shanahan (2019) and
 * Gerdes et al. (2023): S = Σ_x [ Σ_μ (φ_{x+μ} - φ_x)² + m² φ_x² + λ φ_x⁴ ], μ over the two positive
 * directions (each bond once), site x = (x₁, x₂) stored at y L + x. At m² = -4 the φ² terms cancel
 * and S = Σ_x [ -2 Σ_μ φ_x φ_{x+μ} + λ φ_x⁴ ]. For m² < 0 the homogeneous action has two vacua
 * ±sqrt(-m²/(2λ)), the metastable states of the broken phase; Z2 (φ → -φ), translations and the
 * square's 8 rotations and reflections are exact symmetries. Besides M it measures the
 * zero-momentum correlator C(t) and, from it, the second-moment correlation length ξ₂. At λ = 0,
 * m² > 0 the free field is solved exactly ({@link FreeField}).
 */
public final class Phi4Lattice extends ContinuousSystem {

    public static final String NAME = "phi4-lattice";
    /** Name prefix of the zero-momentum correlator C(t): {@code correlator_t0} … {@code correlator_t<L/2>}. */
    public static final String CORRELATOR = "correlator_t";
    /** Name of the site average of φ², -∂(ln Z)/∂m² per site. */
    public static final String PHI2 = "phi2_per_site";
    /** Name of the site average of φ⁴, -∂(ln Z)/∂λ per site. */
    public static final String PHI4 = "phi4_per_site";
    /** Name of the second-moment correlation length ξ₂ (derived). */
    public static final String CORRELATION_LENGTH = "correlation_length";
    /** Largest L accepted. */
    public static final int MAX_L = 1024;

    public static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.integer("L", 8, 2, MAX_L, "linear size of the L x L torus"),
            ParameterSpec.real("m2", -4, -1e6, 1e6, "lattice units", "bare mass squared m^2"),
            ParameterSpec.real("lambda", 8, 0, 1e6, "lattice units", "quartic coupling; 0 needs m2 > 0"));

    private final int L;
    private final int n;
    private final double m2;
    private final double lambda;
    private final int[] neighbours; // right, up, left, down of each site
    private final LinearCollectiveVariable magnetization;
    private final ThreadLocal<SliceSums> slices = ThreadLocal.withInitial(SliceSums::new);

    /** From resolved parameters; a coupling with no minimum (λ = 0, m² ≤ 0) is rejected. */
    public Phi4Lattice(Parameters p) {
        super(NAME, p);
        this.L = p.integer("L");
        this.n = L * L;
        this.m2 = p.real("m2");
        this.lambda = p.real("lambda");
        if (lambda == 0 && m2 <= 0) {
            throw B4jException.badInput("system %s: lambda = 0 needs m2 > 0 (got m2 = %s): with no quartic term "
                    + "and m2 <= 0 the action has no minimum and Z is infinite", NAME, m2);
        }
        this.neighbours = SpinLattice.squareTorus(L);
        double[] weights = new double[n];
        Arrays.fill(weights, 1.0 / n);
        this.magnetization = new LinearCollectiveVariable("magnetization", weights);
    }

    /** The lattice at (L, m², λ). */
    public Phi4Lattice(int L, double m2, double lambda) {
        this(Parameters.resolve(NAME, PARAMETERS, Map.of("L", String.valueOf(L), "m2", String.valueOf(m2),
                "lambda", String.valueOf(lambda))));
    }

    /** L. */
    public int size() {
        return L;
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public double energy(double[] x) {
        return action(x, 0, null, 0);
    }

    @Override
    public double energyAndGradient(double[] x, double[] gradient) {
        return action(x, 0, gradient, 0);
    }

    @Override
    public void energies(double[] xs, int count, double[] out) {
        for (int k = 0; k < count; k++) {
            out[k] = action(xs, k * n, null, 0);
        }
    }

    @Override
    public void energiesAndGradients(double[] xs, int count, double[] out, double[] gradients) {
        for (int k = 0; k < count; k++) {
            out[k] = action(xs, k * n, gradients, k * n);
        }
    }

    /**
     * S of the configuration at xs[off..off+n) and, when {@code g} is not null, ∂S/∂φ_x =
     * 2 (4 φ_x - Σ_{y~x} φ_y) + 2 m² φ_x + 4 λ φ_x³ into g[goff..goff+n).
     */
    private double action(double[] xs, int off, double[] g, int goff) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double phi = xs[off + i];
            double right = xs[off + neighbours[4 * i]] - phi;
            double up = xs[off + neighbours[4 * i + 1]] - phi;
            double phi2 = phi * phi;
            s += right * right + up * up + phi2 * (m2 + lambda * phi2);
            if (g != null) {
                double around = xs[off + neighbours[4 * i]] + xs[off + neighbours[4 * i + 1]]
                        + xs[off + neighbours[4 * i + 2]] + xs[off + neighbours[4 * i + 3]];
                g[goff + i] = 2 * (4 * phi - around) + phi * (2 * m2 + 4 * lambda * phi2);
            }
        }
        return s;
    }

    /** The change of the four bonds and the site potential at site i: O(1). */
    @Override
    public double energyChange(double[] x, int i, double value) {
        double old = x[i];
        double around = x[neighbours[4 * i]] + x[neighbours[4 * i + 1]] + x[neighbours[4 * i + 2]]
                + x[neighbours[4 * i + 3]];
        double old2 = old * old;
        double new2 = value * value;
        return -2 * (value - old) * around + (4 + m2) * (new2 - old2) + lambda * (new2 * new2 - old2 * old2);
    }

    /** M = mean φ, as a collective variable (umbrella sampling can bias it). */
    public LinearCollectiveVariable magnetization() {
        return magnetization;
    }

    /**
     * The contract's four (M, |M|, S/n, χ₂ = n M²), the site averages of φ² and φ⁴ (so that
     * ∂(ln Z)/∂m² = -n ⟨φ²⟩ and ∂(ln Z)/∂λ = -n ⟨φ⁴⟩, the integrands of thermodynamic integration), then
     * the zero-momentum correlator {@code correlator_t<t>} for t = 0 … L/2 ({@link #sliceCorrelator}).
     */
    @Override
    public List<Observable<double[]>> observables() {
        List<Observable<double[]>> list = new ArrayList<>(List.of(magnetization,
                Observable.of("abs_magnetization", x -> Math.abs(magnetization.value(x))),
                Observable.of("action_per_site", x -> energy(x) / n),
                Observable.of("two_point_zero_momentum", x -> {
                    double m = magnetization.value(x);
                    return n * m * m;
                }),
                Observable.of(PHI2, x -> sitePower(x, 2)),
                Observable.of(PHI4, x -> sitePower(x, 4))));
        for (int t = 0; t <= L / 2; t++) {
            int separation = t;
            list.add(Observable.of(CORRELATOR + t, x -> sliceCorrelator(x, separation)));
        }
        return List.copyOf(list);
    }

    /** The site average of φ² (power 2) or φ⁴ (power 4). */
    private double sitePower(double[] x, int power) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double phi2 = x[i] * x[i];
            sum += power == 2 ? phi2 : phi2 * phi2;
        }
        return sum / n;
    }

    /**
     * C(t) of one configuration, (1/2n) Σ_μ Σ_τ P_μ(τ) P_μ(τ+t), P_μ(τ) the sum of φ over the slice
     * at τ perpendicular to μ: averaged over all sources and both directions, its mean is
     * Σ_{x₁} G(x₁, t) with G(x) = ⟨φ_0 φ_x⟩. This is the connected correlator, ⟨M⟩ being 0 exactly
     * (Z2) on a finite torus; being even in φ it is the same in either vacuum. O(L) once the slice
     * sums of the configuration are known, O(n) for a new one.
     */
    public double sliceCorrelator(double[] x, int t) {
        SliceSums p = slices.get().of(x);
        double sum = 0;
        for (int tau = 0; tau < L; tau++) {
            int next = (tau + t) % L;
            sum += p.rows[tau] * p.rows[next] + p.columns[tau] * p.columns[next];
        }
        return sum / (2.0 * n);
    }

    /**
     * The slice sums of the last configuration a thread asked for, so that the L/2 + 1 correlator
     * observables of one configuration share one O(n) pass; a configuration is recognised by its
     * content (a vectorised comparison), never by identity, so a chain's state updated in place is
     * never mistaken for its past.
     */
    private final class SliceSums {
        private final double[] configuration = new double[n];
        private final double[] rows = new double[L];
        private final double[] columns = new double[L];
        private boolean filled;

        SliceSums of(double[] x) {
            if (filled && Arrays.equals(x, configuration)) {
                return this;
            }
            Arrays.fill(columns, 0);
            for (int y = 0; y < L; y++) {
                double row = 0;
                for (int i = 0, site = y * L; i < L; i++, site++) {
                    row += x[site];
                    columns[i] += x[site];
                }
                rows[y] = row;
            }
            System.arraycopy(x, 0, configuration, 0, n);
            filled = true;
            return this;
        }
    }

    /** The second-moment correlation length ξ₂, from the averages of C(0 … L/2). */
    @Override
    public List<DerivedObservable> derivedObservables() {
        List<String> correlator = new ArrayList<>();
        for (int t = 0; t <= L / 2; t++) {
            correlator.add(CORRELATOR + t);
        }
        return List.of(new DerivedObservable.OfMeans(CORRELATION_LENGTH, correlator, this::correlationLength));
    }

    /**
     * ξ₂ = sqrt((G̃(0)/G̃(p_min) - 1) / (4 sin²(π/L))) from C(t), t = 0 … L/2, with p_min = (2π/L, 0)
     * and G̃(p) = Σ_{t=0}^{L-1} C(t) cos(p t) (C(L-t) = C(t)); G̃(0) = χ₂. NaN when the ratio is
     * below 1 (noise, or no decay at all). In the broken phase C(t) keeps a plateau ≈ L φ₀² from the
     * two vacua, and ξ₂ (larger than L there) measures tunnelling, not an inverse mass.
     */
    public double correlationLength(double[] correlator) {
        double chi = 0;
        double atMinimum = 0;
        for (int t = 0; t <= L / 2; t++) {
            double multiplicity = t == 0 || 2 * t == L ? 1 : 2;
            chi += multiplicity * correlator[t];
            atMinimum += multiplicity * correlator[t] * Math.cos(2 * Math.PI * t / L);
        }
        double sin = Math.sin(Math.PI / L);
        double xi2 = (chi / atMinimum - 1) / (4 * sin * sin);
        return xi2 >= 0 ? Math.sqrt(xi2) : Double.NaN;
    }

    /**
     * M, centred at 0; the hysteresis half-width is half the larger of the vacuum φ₀ and the
     * finite-size scale 1/L, the profile range three times that scale either side.
     */
    @Override
    public List<OrderParameter<double[]>> orderParameters() {
        double scale = Math.max(vacuum(), 1.0 / L);
        return List.of(new OrderParameter<>(magnetization, 0, scale / 2, -3 * scale, 3 * scale));
    }

    /** φ₀ = sqrt(-m²/(2λ)), the minimiser of the homogeneous action m² φ² + λ φ⁴ for m² < 0; else 0. */
    public double vacuum() {
        return m2 < 0 ? Math.sqrt(-m2 / (2 * lambda)) : 0;
    }

    /** The homogeneous vacua +φ₀ and -φ₀ (m² < 0), or the single state φ = 0. */
    @Override
    public List<double[]> metastableStates() {
        double[] plus = new double[n];
        if (m2 >= 0) {
            return List.of(plus);
        }
        Arrays.fill(plus, vacuum());
        double[] minus = new double[n];
        Arrays.fill(minus, -vacuum());
        return List.of(plus, minus);
    }

    /** Translations × the square's point group × Z2, all exact. */
    @Override
    public SymmetryGroup<double[]> symmetries() {
        return SquareTorusGroup.fields(L, true);
    }

    /**
     * The free field: λ = 0 at this m² where m² > 0; else λ = 0 at m² = 1 first, then m² down to
     * this one at this λ (the free field needs m² > 0).
     */
    @Override
    public Map<String, Double> thermodynamicStart() {
        if (lambda == 0) {
            return Map.of();
        }
        Map<String, Double> start = new LinkedHashMap<>();
        start.put("lambda", 0.0);
        if (m2 <= 0) {
            start.put("m2", 1.0);
        }
        return start;
    }

    /**
     * The free field (λ = 0, m² > 0): every observable, C(t) and ξ₂ included, ln Z and the profile of
     * M; empty elsewhere.
     */
    @Override
    public Optional<ExactReference> exactReference() {
        if (lambda != 0) {
            return Optional.empty();
        }
        FreeField free = FreeField.of(L, m2);
        Map<String, Double> values = new LinkedHashMap<>(Map.of(
                "magnetization", 0.0,
                "abs_magnetization", free.meanAbsMagnetization(),
                "action_per_site", FreeField.ACTION_PER_SITE,
                "two_point_zero_momentum", free.twoPointZeroMomentum(),
                PHI2, free.twoPoint(0, 0),
                PHI4, 3 * free.twoPoint(0, 0) * free.twoPoint(0, 0)));
        for (int t = 0; t <= L / 2; t++) {
            values.put(CORRELATOR + t, free.sliceCorrelator(t));
        }
        values.put(CORRELATION_LENGTH, free.secondMomentCorrelationLength());
        return Optional.of(ExactReference.of(values, free.lnZ(), free::magnetizationFreeEnergy));
    }
}
