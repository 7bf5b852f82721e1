package org.boltzmann4j.systems;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.SystemFactory;
import org.boltzmann4j.system.SystemProvider;

/**
 * The registry of every system, by name: the built-in ones (one line each below) and those of every
 * {@link SystemProvider} on the thread's context class loader (a user's jar on {@code --classpath}).
 */
public final class Systems {

    private static final List<SystemFactory> BUILT_IN = List.of(
            new SystemFactory(Phi4Chain.NAME,
                    "beta*[ a/(2dx) sum_{i=1..N+1}(phi_i-phi_{i-1})^2 + dx/(4a) sum_{i=1..N}(1-phi_i^2)^2"
                            + " + h dx sum_i phi_i ], phi_0=phi_{N+1}=0, dx=1/(N+1)",
                    Phi4Chain.PARAMETERS,
                    List.of("phi_mid: phi at site (N+1)/2 (1-based)", "phi_mid_positive: indicator phi_mid > 0",
                            "mean_phi: mean of phi over the N sites"),
                    Phi4Chain::new, Map.of("N", "2", "beta", "1", "h", "0.3")),
            new SystemFactory(DoubleWell.NAME,
                    "beta*[ barrier*(x_0^2-1)^2 + tilt*x_0 + 1/2 sum_{i>=1} x_i^2 ]; exact by 1D quadrature",
                    DoubleWell.PARAMETERS,
                    List.of("x0: the double-well coordinate", "x0_positive: indicator x_0 > 0"),
                    DoubleWell::new, Map.of("d", "2", "barrier", "2")),
            new SystemFactory(Ising2d.NAME,
                    "beta*[ -J sum_<ij> s_i s_j - h sum_i s_i ], s = +-1, L x L torus",
                    Ising2d.PARAMETERS,
                    List.of("energy_per_site: H/L^2 in J units, without beta", "magnetization_per_site: mean spin",
                            "abs_magnetization_per_site: |mean spin|",
                            "specific_heat_per_site: beta^2 L^2 Var(energy_per_site) (derived)",
                            "ln_z_per_site: ln Z / L^2 (samplers that estimate ln Z)"),
                    Ising2d::new, Map.of("L", "4")),
            new SystemFactory(Phi4Lattice.NAME,
                    "sum_x [ sum_mu (phi_{x+mu}-phi_x)^2 + m2 phi_x^2 + lambda phi_x^4 ] on an L x L torus,"
                            + " mu over the two positive directions; exact free field at lambda = 0, m2 > 0",
                    Phi4Lattice.PARAMETERS,
                    List.of("magnetization: M = mean of phi", "abs_magnetization: |M|",
                            "action_per_site: S/L^2", "two_point_zero_momentum: chi_2 = L^2 M^2, averaged",
                            "phi2_per_site: mean of phi^2 = -(d ln Z/d m2)/L^2",
                            "phi4_per_site: mean of phi^4 = -(d ln Z/d lambda)/L^2",
                            "correlator_t<t>: zero-momentum correlator C(t) = sum_x1 <phi(x1,t) phi(0,0)>, t = 0..L/2,"
                                    + " averaged over sources and both directions; connected, as <M> = 0 exactly (Z2)",
                            "correlation_length: second-moment xi_2 = sqrt((G(0)/G(p_min) - 1)/(4 sin^2(pi/L))),"
                                    + " G(p) = sum_t C(t) cos(p t), p_min = 2 pi/L (derived)"),
                    Phi4Lattice::new, Map.of("L", "2", "m2", "1", "lambda", "0")),
            new SystemFactory(LennardJones.NAME,
                    "beta*[ eps sum_{i<j} ((rm/r_ij)^12 - 2(rm/r_ij)^6) + k/2 sum_i abs(x_i - x_com)^2 ], n particles"
                            + " in dim dimensions; preset=lj13|lj55|lj7-2d sets n and dim (n, dim left at defaults"
                            + " follow it, other values are bad input); translation invariant: the centre of mass"
                            + " drifts freely, observables depend on relative positions only and ln Z is infinite (no run reports one)",
                    LennardJones.PARAMETERS,
                    List.of("energy: U/beta (eps units)",
                            "mu2: lj7-2d only; 2nd central moment of coordination numbers c_i = sum_j s(r_ij),"
                                    + " s(r) = (1-(r/r0)^8)/(1-(r/r0)^16), r0 = 1.5 rm (Tribello et al.); primary"
                                    + " order parameter",
                            "mu3: lj7-2d only; 3rd central moment of the same c_i",
                            "mean_coordination: lj13 and lj55 only; mean of the same c_i (LJ13 icosahedron 7.88,"
                                    + " liquid-like below 7); primary order parameter"),
                    LennardJones::new, Map.of("n", "3", "dim", "2")),
            new SystemFactory(DimerSolvent.NAME,
                    "beta*[ sum' (1.1/r_ij)^12 + u(d) + 20((x_0+x_1)^2 + y_0^2 + y_1^2) + 100 sum_i,a (abs(x_ia)-3)^2"
                            + " beyond abs(x_ia) = 3 ], u(d) = 25/4 (d-1.5)^4 - 10/2 (d-1.5)^2 - 0.5(d-1.5), in 2D"
                            + " (Noe et al. 2019): particles 0, 1 the dimer, d = abs(x_1 - x_0), sum' over every pair"
                            + " but the dimer's own; restraints centre the dimer at the origin along the x axis, walls"
                            + " bound each coordinate; exact by quadrature at solvent=0",
                    DimerSolvent.PARAMETERS,
                    List.of("energy: U/beta", "dimer_distance: d = abs(x_1 - x_0); primary order parameter",
                            "dimer_open: indicator d > " + String.format(java.util.Locale.ROOT, "%.4f", DimerSolvent.D_BARRIER)
                                    + ", the barrier top of u (its closed and open minima: d = "
                                    + String.format(java.util.Locale.ROOT, "%.3f", DimerSolvent.D_CLOSED) + ", "
                                    + String.format(java.util.Locale.ROOT, "%.3f", DimerSolvent.D_OPEN) + ")"),
                    DimerSolvent::new, Map.of("solvent", "2")));

    private Systems() {
    }

    /** Built-in systems first, then those of user providers, in the order the class loader finds them. */
    public static List<SystemFactory> all() {
        List<SystemFactory> all = new ArrayList<>(BUILT_IN);
        Set<String> names = new LinkedHashSet<>(BUILT_IN.stream().map(SystemFactory::name).toList());
        for (SystemProvider provider : providers()) {
            for (SystemFactory f : provider.systems()) {
                if (!names.add(f.name())) {
                    throw B4jException.badInput("system '%s' of %s clashes with a system of that name already "
                            + "registered; rename it", f.name(), provider.getClass().getName());
                }
                all.add(f);
            }
        }
        return all;
    }

    private static List<SystemProvider> providers() {
        List<SystemProvider> providers = new ArrayList<>();
        try {
            ServiceLoader.load(SystemProvider.class, Thread.currentThread().getContextClassLoader())
                    .forEach(providers::add);
        } catch (ServiceConfigurationError e) {
            String what = e.getMessage().replace(SystemProvider.class.getName() + ": ", "");
            Throwable cause = e.getCause();
            String why = cause == null ? "" : ": " + (cause.getMessage() != null ? cause.getMessage()
                    : cause.getClass().getSimpleName());
            throw B4jException.badInput("cannot load a user system (--classpath, B4J_CLASSPATH): %s%s", what, why);
        }
        return providers;
    }

    public static SystemFactory factory(String name) {
        List<SystemFactory> all = all();
        return all.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> B4jException.badInput("unknown system '%s'; known systems: %s", name,
                        String.join(", ", all.stream().map(SystemFactory::name).toList())));
    }

    /** Builds a system from raw {@code --set} values, validating every key and value. */
    public static BoltzmannSystem<?> create(String name, Map<String, String> overrides) {
        SystemFactory f = factory(name);
        return f.create(Parameters.resolve("system " + name, f.parameters(), overrides));
    }
}
