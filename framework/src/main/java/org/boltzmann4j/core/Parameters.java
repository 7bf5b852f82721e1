package org.boltzmann4j.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable, ordered set of resolved parameter values: every declared parameter with its default
 * or the user's override. Values are Double, Integer, Boolean or String.
 */
public final class Parameters {

    private final Map<String, Object> values;

    private Parameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Resolves user overrides (raw text by key) against declared specs.
     *
     * @param what      "system phi4-chain" or "sampler mala", used in error messages
     * @param specs     declared parameters
     * @param overrides raw values by key; unknown keys are errors
     */
    public static Parameters resolve(String what, List<ParameterSpec> specs, Map<String, String> overrides) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (ParameterSpec s : specs) {
            v.put(s.name(), s.defaultValue());
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            ParameterSpec spec = specs.stream().filter(s -> s.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> B4jException.badInput("unknown key '%s' for %s; known keys: %s",
                            e.getKey(), what, specs.isEmpty() ? "(none)"
                                    : String.join(", ", specs.stream().map(ParameterSpec::name).toList())));
            v.put(spec.name(), spec.parse(e.getValue()));
        }
        return new Parameters(v);
    }

    /** Parameters with exactly these values (no validation); for programmatic use. */
    public static Parameters of(Map<String, Object> values) {
        return new Parameters(new LinkedHashMap<>(values));
    }

    /** A copy with one value replaced or added. */
    public Parameters with(String key, Object value) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put(key, value);
        return new Parameters(v);
    }

    public double real(String key) {
        return ((Number) get(key)).doubleValue();
    }

    public int integer(String key) {
        return ((Number) get(key)).intValue();
    }

    public boolean flag(String key) {
        return (Boolean) get(key);
    }

    public String text(String key) {
        return get(key).toString();
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Object get(String key) {
        Object o = values.get(key);
        if (o == null) {
            throw new IllegalArgumentException("no parameter " + key);
        }
        return o;
    }

    /** All values in declaration order. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
