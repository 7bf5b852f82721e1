package org.boltzmann4j.sampler;

import java.util.List;

import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * Names a sampler, declares its parameters, says which systems it applies to and builds it.
 */
public interface SamplerFactory {

    String name();

    String description();

    List<org.boltzmann4j.core.ParameterSpec> parameters();

    /** Null when the sampler can run on this system, else the reason it cannot. */
    String unsupportedReason(BoltzmannSystem<?> system);

    /** Builds the sampler for a system it supports. */
    Sampler<?> create(BoltzmannSystem<?> system, Parameters parameters);
}
