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
            default -> Optional.empty();
        };
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
