package org.boltzmann4j.system;

import java.util.List;
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
 */
public record SystemFactory(String name, String energy, List<ParameterSpec> parameters, List<String> observables,
                            Function<Parameters, BoltzmannSystem<?>> build) {

    public BoltzmannSystem<?> create(Parameters p) {
        return build.apply(p);
    }
}
