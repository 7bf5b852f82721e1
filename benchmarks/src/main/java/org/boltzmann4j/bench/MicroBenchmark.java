package org.boltzmann4j.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;

/**
 * A named micro-benchmark of {@code b4j bench}: warms up, then times repeated calls in one process.
 *
 * @param name        contract name
 * @param description one line
 * @param parameters  declared parameters
 * @param run         runs the benchmark with resolved parameters
 */
public record MicroBenchmark(String name, String description, List<ParameterSpec> parameters,
                             Function<Parameters, Timing> run) {

    /**
     * Per-call wall times and extra figures to report.
     *
     * @param callMillis milliseconds of each timed call
     * @param extra      further fields for the JSON line (e.g. ns_per_flip)
     */
    public record Timing(double[] callMillis, Map<String, Object> extra) {

        public double median() {
            double[] s = callMillis.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
        }

        public double min() {
            return Arrays.stream(callMillis).min().orElse(Double.NaN);
        }
    }
}
