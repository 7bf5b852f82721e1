package org.boltzmann4j.sampler;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * A registry entry assembled from its parts.
 *
 * @param name        sampler name
 * @param description one line
 * @param parameters  declared parameters
 * @param unsupported null when a system is supported, else the reason it is not
 * @param build       builds the sampler for a supported system from resolved parameters
 */
public record SamplerEntry(String name, String description, List<ParameterSpec> parameters,
                           Function<BoltzmannSystem<?>, String> unsupported,
                           BiFunction<BoltzmannSystem<?>, Parameters, Sampler<?>> build) implements SamplerFactory {

    public SamplerEntry {
        parameters = List.copyOf(parameters);
    }

    @Override
    public String unsupportedReason(BoltzmannSystem<?> system) {
        return unsupported.apply(system);
    }

    @Override
    public Sampler<?> create(BoltzmannSystem<?> system, Parameters p) {
        return build.apply(system, p);
    }
}
