package org.boltzmann4j.systems;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.DerivedObservable;
import org.boltzmann4j.system.ExactReference;
import org.boltzmann4j.system.Observable;
import org.boltzmann4j.system.OrderParameter;
import org.boltzmann4j.system.SpinLattice;
import org.boltzmann4j.system.SquareTorusGroup;
import org.boltzmann4j.system.SymmetryGroup;
import org.boltzmann4j.systems.exact.IsingEnumeration;
import org.boltzmann4j.systems.exact.IsingExact;

/**
 * The Ising model on an L × L square torus: U = β[-J Σ_⟨ij⟩ s_i s_j - h Σ_i s_i], s_i = ±1,
 * site i = y L + x. On the 2 × 2 torus each neighbour pair is joined by two bonds (see
 * {@link SpinLattice}), as in Kaufman's exact solution.
 *
 * <p>Symmetries: the 16 L² maps s → ±s∘g of {@link SquareTorusGroup} (exact for translations and
 * point operations; the sign flip is exact only at h = 0).
 */
public final class Ising2d extends SpinLattice {

    public static final String NAME = "ising2d";
    /** Largest L accepted. */
    public static final int MAX_L = 1024;

    public static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.integer("L", 16, 2, MAX_L, "linear size of the L x L torus"),
            ParameterSpec.real("beta", 0.4406868, 0, 100, "1/energy", "inverse temperature"),
            ParameterSpec.real("J", 1, -100, 100, "energy", "nearest-neighbour coupling (ferromagnetic > 0)"),
            ParameterSpec.real("h", 0, -100, 100, "energy", "external field"));

    private final int L;

    /** From resolved parameters; values outside the declared ranges are rejected. */
    public Ising2d(Parameters p) {
        this(checked(p), p.integer("L"));
    }

    public Ising2d(int L, double beta, double J, double h) {
        this(Parameters.resolve(NAME, PARAMETERS, Map.of())
                .with("L", L).with("beta", beta).with("J", J).with("h", h));
    }

    private Ising2d(Parameters p, int L) {
        super(NAME, p, squareTorus(L), 4, p.real("beta"), p.real("J"), p.real("h"));
        this.L = L;
    }

    private static Parameters checked(Parameters p) {
        for (ParameterSpec spec : PARAMETERS) {
            spec.parse(String.valueOf(p.get(spec.name())));
        }
        return p;
    }

    public int size() {
        return L;
    }

    @Override
    public Ising2d atBeta(double newBeta) {
        return new Ising2d(parameters().with("beta", newBeta));
    }

    /** c = β² L² Var(e), with Var(e) the variance of {@code energy_per_site} (so c = β² Var(H)/N). */
    public static double specificHeatPerSite(double beta, int L, double energyPerSiteVariance) {
        return beta * beta * L * L * energyPerSiteVariance;
    }

    /** H/N in units of J and h (β left out). */
    public double energyPerSite(byte[] s) {
        return hamiltonian(s) / s.length;
    }

    @Override
    public List<Observable<byte[]>> observables() {
        return List.of(
                Observable.of("energy_per_site", this::energyPerSite),
                magnetizationPerSite(),
                Observable.of("abs_magnetization_per_site", s -> Math.abs(magnetization(s)) / (double) s.length));
    }

    private static Observable<byte[]> magnetizationPerSite() {
        return Observable.of("magnetization_per_site", s -> magnetization(s) / (double) s.length);
    }

    /**
     * m = M/N on [-1, 1], centred at 0; the hysteresis half-width is half the larger of Yang's
     * spontaneous magnetization at βJ and the finite-size scale L^{-1/8}.
     */
    @Override
    public List<OrderParameter<byte[]>> orderParameters() {
        double K = inverseTemperature() * coupling();
        double spontaneous = K > SQUARE_BETA_CRITICAL ? Math.pow(1 - Math.pow(Math.sinh(2 * K), -4), 0.125) : 0;
        double threshold = 0.5 * Math.max(spontaneous, Math.pow(L, -0.125));
        return List.of(new OrderParameter<>(magnetizationPerSite(), 0, threshold, -1, 1));
    }

    /** The specific heat per site β² L² Var(energy_per_site) and ln Z per site. */
    @Override
    public List<DerivedObservable> derivedObservables() {
        double beta = inverseTemperature();
        return List.of(new DerivedObservable.Fluctuation("specific_heat_per_site", "energy_per_site",
                        specificHeatPerSite(beta, L, 1)),
                new DerivedObservable.LnZPer("ln_z_per_site", (double) L * L));
    }

    /** β = 0, where every configuration weighs 1. */
    @Override
    public Map<String, Double> thermodynamicStart() {
        return inverseTemperature() > 0 ? Map.of("beta", 0.0) : Map.of();
    }

    /**
     * At β = 0 the count of states (ln Z = L² ln 2); else enumeration for L ≤
     * {@value IsingEnumeration#MAX_L} (any J, h), otherwise Kaufman's formula at h = 0 (any J on even
     * L, J ≥ 0 on odd L); empty elsewhere.
     */
    @Override
    public Optional<ExactReference> exactReference() {
        double beta = inverseTemperature();
        double J = coupling();
        double h = field();
        Map<String, Double> values = new LinkedHashMap<>();
        double lnZ;
        if (beta == 0) { // every configuration weighs 1: the start of thermodynamic integration in beta
            values.put("energy_per_site", 0.0);
            values.put("magnetization_per_site", 0.0);
            values.put("abs_magnetization_per_site", IsingExact.infiniteTemperatureAbsMagnetization(L * L));
            values.put("specific_heat_per_site", 0.0);
            lnZ = (double) L * L * Math.log(2);
        } else if (L <= IsingEnumeration.MAX_L) {
            IsingEnumeration.Values e = IsingEnumeration.solve(L, beta, J, h);
            values.put("energy_per_site", e.energyPerSite());
            values.put("magnetization_per_site", e.magnetizationPerSite());
            values.put("abs_magnetization_per_site", e.absMagnetizationPerSite());
            values.put("specific_heat_per_site", e.specificHeatPerSite());
            lnZ = e.lnZ();
        } else if (h == 0 && beta > 0 && (J >= 0 || L % 2 == 0)) {
            IsingExact.Values k = IsingExact.solve(L, beta, J);
            values.put("energy_per_site", k.energyPerSite());
            values.put("magnetization_per_site", 0.0);
            values.put("specific_heat_per_site", k.specificHeatPerSite());
            lnZ = k.lnZ();
        } else {
            return Optional.empty();
        }
        values.put("ln_z_per_site", lnZ / ((double) L * L));
        return Optional.of(ExactReference.of(values, lnZ, null));
    }

    /** All up and all down (J ≥ 0), or the two checkerboards (J < 0). */
    @Override
    public List<byte[]> metastableStates() {
        byte[] a = new byte[L * L];
        byte[] b = new byte[L * L];
        for (int i = 0; i < a.length; i++) {
            int sign = coupling() >= 0 || ((i / L + i % L) & 1) == 0 ? 1 : -1;
            a[i] = (byte) sign;
            b[i] = (byte) -sign;
        }
        return List.of(a, b);
    }

    @Override
    public SymmetryGroup<byte[]> symmetries() {
        return SquareTorusGroup.spins(L, field() == 0);
    }
}
