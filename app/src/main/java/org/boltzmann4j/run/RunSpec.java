package org.boltzmann4j.run;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.core.B4jException;

/**
 * Everything that defines one run, as the user typed it: system and sampler names, raw parameter
 * overrides, seed and budget. Parameters are validated when the run is built. Serializable, so that
 * a run can be shipped to another machine (a Spark task).
 *
 * @param system           system name
 * @param sampler          sampler name
 * @param systemOverrides  {@code --set KEY=VALUE} for the system
 * @param samplerOverrides {@code --set sampler.KEY=VALUE}, without the prefix
 * @param seed             random seed
 * @param budgetSeconds    wall-clock budget, or infinity
 * @param steps            step bound, or null
 */
public record RunSpec(String system, String sampler, Map<String, String> systemOverrides,
                      Map<String, String> samplerOverrides, long seed, double budgetSeconds, Long steps)
        implements Serializable {

    public static final String SAMPLER_PREFIX = "sampler.";

    /** Splits {@code KEY=VALUE} settings into system and sampler overrides. */
    public static RunSpec parse(String system, String sampler, List<String> sets, long seed, double budgetSeconds,
                                Long steps) {
        Map<String, String> sys = new LinkedHashMap<>();
        Map<String, String> smp = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw B4jException.badInput("--set %s is not KEY=VALUE", s);
            }
            String key = s.substring(0, eq).trim();
            String value = s.substring(eq + 1).trim();
            if (key.startsWith(SAMPLER_PREFIX)) {
                smp.put(key.substring(SAMPLER_PREFIX.length()), value);
            } else {
                sys.put(key, value);
            }
        }
        if (steps != null && steps < 1) {
            throw B4jException.badInput("--steps %d is not allowed: must be a positive integer", steps);
        }
        return new RunSpec(system, sampler, sys, smp, seed, budgetSeconds, steps);
    }
}
