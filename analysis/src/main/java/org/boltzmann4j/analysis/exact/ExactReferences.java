package org.boltzmann4j.analysis.exact;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.BoltzmannSystem;

/** Finds the exact reference of a built-in system at its parameters, where one is known. */
public final class ExactReferences {

    private ExactReferences() {
    }

    public static Optional<ExactReference> of(BoltzmannSystem<?> system) {
        Parameters p = system.parameters();
        return switch (system.name()) {
            case "phi4-chain" -> Optional.of(phi4Chain(
                    Phi4ChainExact.of(p.integer("N"), p.real("beta"), p.real("a"), p.real("h"))));
            case "double-well" -> Optional.of(doubleWell(
                    DoubleWellExact.of(p.integer("d"), p.real("beta"), p.real("barrier"), p.real("tilt"))));
            case "ising2d" -> ising(p.integer("L"), p.real("beta"), p.real("J"), p.real("h"));
            default -> Optional.empty();
        };
    }

    /**
     * Ising torus: enumeration for L ≤ {@value IsingEnumeration#MAX_L} (any J, h), otherwise
     * Kaufman's formula at h = 0 (any J on even L, J ≥ 0 on odd L).
     */
    static Optional<ExactReference> ising(int L, double beta, double J, double h) {
        double sites = (double) L * L;
        Map<String, Double> values = new LinkedHashMap<>();
        double lnZ;
        if (L <= IsingEnumeration.MAX_L) {
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
        values.put("ln_z_per_site", lnZ / sites);
        return Optional.of(reference(values, lnZ, null));
    }

    static ExactReference phi4Chain(Phi4ChainExact tm) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("phi_mid", tm.meanPhiMid());
        values.put("phi_mid_positive", tm.probabilityMidPositive());
        double mean = 0;
        for (double v : tm.meanPhi()) {
            mean += v;
        }
        values.put("mean_phi", mean / tm.meanPhi().length);
        return reference(values, tm.lnZ(), tm::midFreeEnergy);
    }

    static ExactReference doubleWell(DoubleWellExact dw) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("x0", dw.meanX0());
        values.put("x0_positive", dw.probabilityPositive());
        return reference(values, dw.lnZ(), dw::freeEnergy);
    }

    static ExactReference reference(Map<String, Double> values, Double lnZ, UnaryOperator<double[]> profile) {
        return new ExactReference() {
            @Override
            public Map<String, Double> observables() {
                return values;
            }

            @Override
            public Optional<Double> lnZ() {
                return Optional.ofNullable(lnZ);
            }

            @Override
            public Optional<double[]> profile(double[] x) {
                return profile == null ? Optional.empty() : Optional.of(profile.apply(x));
            }
        };
    }
}
