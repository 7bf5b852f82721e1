package org.boltzmann4j.system;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;

/**
 * A registry entry: a system's name, what its energy is, its parameters and observables, and how to
 * build it from resolved parameters. Built-in systems are listed in {@code Systems}; a user's own
 * come through a {@link SystemProvider}.
 *
 * @param name        registry name
 * @param energy      U in exp(-U), as text for {@code b4j systems}
 * @param parameters  declared parameters
 * @param observables observable names with one-line meanings
 * @param build       constructor from resolved parameters
 * @param tiny        parameter values that make the system small enough for exhaustive checks (at most
 *                    16 spins to enumerate, or 2 continuous coordinates to integrate on a grid) where
 *                    possible; the registry's contract tests check every system there
 */
public record SystemFactory(String name, String energy, List<ParameterSpec> parameters, List<String> observables,
                            Function<Parameters, BoltzmannSystem<?>> build, Map<String, String> tiny) {

    public SystemFactory {
        parameters = List.copyOf(parameters);
        observables = List.copyOf(observables);
        tiny = Map.copyOf(tiny);
    }

    /** An entry whose defaults are small enough for the contract tests. */
    public SystemFactory(String name, String energy, List<ParameterSpec> parameters, List<String> observables,
                         Function<Parameters, BoltzmannSystem<?>> build) {
        this(name, energy, parameters, observables, build, Map.of());
    }

    /** The system at these parameters; it can rebuild itself at others ({@link BoltzmannSystem#withParameter}). */
    public BoltzmannSystem<?> create(Parameters p) {
        BoltzmannSystem<?> system = build.apply(p);
        system.builtBy(this);
        return system;
    }
}
