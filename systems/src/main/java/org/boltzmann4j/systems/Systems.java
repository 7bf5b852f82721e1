package org.boltzmann4j.systems;

import java.util.List;
import java.util.Map;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.BoltzmannSystem;

/** The registry of every built-in system, by name. */
public final class Systems {

    private static final List<SystemFactory> ALL = List.of(
            new SystemFactory(Phi4Chain.NAME,
                    "beta*[ a/(2dx) sum_{i=1..N+1}(phi_i-phi_{i-1})^2 + dx/(4a) sum_{i=1..N}(1-phi_i^2)^2"
                            + " + h dx sum_i phi_i ], phi_0=phi_{N+1}=0, dx=1/(N+1)",
                    Phi4Chain.PARAMETERS,
                    List.of("phi_mid: phi at site (N+1)/2 (1-based)", "phi_mid_positive: indicator phi_mid > 0",
                            "mean_phi: mean of phi over the N sites"),
                    Phi4Chain::new),
            new SystemFactory(DoubleWell.NAME,
                    "beta*[ barrier*(x_0^2-1)^2 + tilt*x_0 + 1/2 sum_{i>=1} x_i^2 ]; exact by 1D quadrature",
                    DoubleWell.PARAMETERS,
                    List.of("x0: the double-well coordinate", "x0_positive: indicator x_0 > 0"),
                    DoubleWell::new),
            new SystemFactory(Ising2d.NAME,
                    "beta*[ -J sum_<ij> s_i s_j - h sum_i s_i ], s = +-1, L x L torus",
                    Ising2d.PARAMETERS,
                    List.of("energy_per_site: H/L^2 in J units, without beta", "magnetization_per_site: mean spin",
                            "abs_magnetization_per_site: |mean spin|",
                            "specific_heat_per_site: beta^2 L^2 Var(energy_per_site) (derived)",
                            "ln_z_per_site: ln Z / L^2 (samplers that estimate ln Z)"),
                    Ising2d::new));

    private Systems() {
    }

    public static List<SystemFactory> all() {
        return ALL;
    }

    public static SystemFactory factory(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> B4jException.badInput("unknown system '%s'; known systems: %s", name,
                        String.join(", ", ALL.stream().map(SystemFactory::name).toList())));
    }

    /** Builds a system from raw {@code --set} values, validating every key and value. */
    public static BoltzmannSystem<?> create(String name, Map<String, String> overrides) {
        SystemFactory f = factory(name);
        return f.create(Parameters.resolve("system " + name, f.parameters(), overrides));
    }
}
