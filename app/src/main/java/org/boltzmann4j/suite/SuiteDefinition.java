package org.boltzmann4j.suite;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.run.Durations;
import org.boltzmann4j.run.RunSpec;

/**
 * A benchmark suite: a named grid of systems × parameters × samplers × seeds, parsed from YAML or
 * JSON and validated with messages that name the offending entry.
 *
 * <pre>
 * name: my-suite
 * budget: 5m                      # whole suite, split over cases by weight (--budget overrides)
 * cases:
 *   - system: phi4-chain
 *     params: {N: [32, 64], h: 0.05}   # lists expand into a product
 *     samplers: [mala, flow-mcmc]
 *     sampler_params: {chains: 128}
 *     seeds: [1, 2]
 *     weight: 1                         # relative share of the budget per expanded case
 *     steps: 1000                       # optional bound on sweeps or cycles, as --steps
 *     warm_start: true                  # each point of params starts from the previous point's model
 * </pre>
 *
 * @param name          suite name
 * @param description   one line
 * @param budgetSeconds default total budget
 * @param cases         expanded cases, in order
 */
public record SuiteDefinition(String name, String description, double budgetSeconds, List<Case> cases) {

    /**
     * One expanded case.
     *
     * @param id       unique directory name
     * @param spec     the run
     * @param weight   relative share of the budget
     * @param warmFrom id of the case whose saved model this one starts from ({@code sampler.init_model}), or null
     */
    public record Case(String id, RunSpec spec, double weight, String warmFrom) implements Serializable {

        /**
         * The case's run with the given wall-clock budget, starting ({@code sampler.init_model}) from the
         * model that case {@code warmFrom} saved under {@code runs}, once that exists.
         */
        public RunSpec run(Path runs, double seconds) {
            Map<String, String> overrides = spec.samplerOverrides();
            Path model = warmFrom == null ? null : runs.resolve(warmFrom).resolve("model");
            if (model != null && Files.isDirectory(model)) {
                overrides = new LinkedHashMap<>(overrides);
                overrides.put(WARM_KEY, model.toString());
            }
            return new RunSpec(spec.system(), spec.sampler(), spec.systemOverrides(), overrides, spec.seed(), seconds,
                    spec.steps());
        }
    }

    /** The sampler parameter a warm-started case sets. */
    public static final String WARM_KEY = "init_model";

    private static final Set<String> TOP_KEYS = Set.of("name", "description", "budget", "cases");
    private static final Set<String> CASE_KEYS = Set.of("system", "params", "sampler", "samplers", "sampler_params",
            "seeds", "seed", "weight", "steps", "warm_start");

    /** Builds a suite from the parsed YAML/JSON tree (maps, lists, scalars). */
    @SuppressWarnings("unchecked")
    public static SuiteDefinition fromTree(Object tree, String source) {
        if (!(tree instanceof Map<?, ?> root)) {
            throw B4jException.badInput("suite %s: the top level must be a mapping with 'name' and 'cases'", source);
        }
        for (Object k : root.keySet()) {
            if (!TOP_KEYS.contains(String.valueOf(k))) {
                throw B4jException.badInput("suite %s: unknown key '%s'; allowed: %s", source, k,
                        String.join(", ", TOP_KEYS.stream().sorted().toList()));
            }
        }
        String name = root.containsKey("name") ? String.valueOf(root.get("name")) : source;
        String description = root.containsKey("description") ? String.valueOf(root.get("description")) : "";
        double budget = root.containsKey("budget") ? Durations.seconds(String.valueOf(root.get("budget"))) : 300;
        Object cases = root.get("cases");
        if (!(cases instanceof List<?> list) || list.isEmpty()) {
            throw B4jException.badInput("suite %s: 'cases' must be a non-empty list", source);
        }
        List<Case> expanded = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> c)) {
                throw B4jException.badInput("suite %s: case %d must be a mapping", source, i + 1);
            }
            expand((Map<String, Object>) c, source, i + 1, expanded);
        }
        return new SuiteDefinition(name, description, budget, expanded);
    }

    @SuppressWarnings("unchecked")
    private static void expand(Map<String, Object> c, String source, int index, List<Case> out) {
        String where = "suite " + source + ", case " + index;
        for (String k : c.keySet()) {
            if (!CASE_KEYS.contains(k)) {
                throw B4jException.badInput("%s: unknown key '%s'; allowed: %s", where, k,
                        String.join(", ", CASE_KEYS.stream().sorted().toList()));
            }
        }
        if (!(c.get("system") instanceof String system)) {
            throw B4jException.badInput("%s: 'system' (a system name) is required", where);
        }
        List<String> samplers = c.containsKey("samplers") ? strings(c.get("samplers"), where, "samplers")
                : c.containsKey("sampler") ? List.of(String.valueOf(c.get("sampler"))) : List.of();
        if (samplers.isEmpty()) {
            throw B4jException.badInput("%s: 'sampler' or 'samplers' is required", where);
        }
        List<String> seeds = c.containsKey("seeds") ? strings(c.get("seeds"), where, "seeds")
                : List.of(String.valueOf(c.getOrDefault("seed", 1)));
        double weight = number(c.getOrDefault("weight", 1), where, "weight");
        Long steps = c.containsKey("steps") ? (long) number(c.get("steps"), where, "steps") : null;
        boolean warm = flag(c.getOrDefault("warm_start", false), where, "warm_start");
        List<Map<String, String>> systemGrid = product(map(c.get("params"), where, "params"));
        List<Map<String, String>> samplerGrid = product(map(c.get("sampler_params"), where, "sampler_params"));
        Map<String, String> previous = new HashMap<>(); // sampler, sampler params and seed -> last case id
        for (Map<String, String> sp : systemGrid) {
            for (String sampler : samplers) {
                for (Map<String, String> smp : samplerGrid) {
                    for (String seedText : seeds) {
                        long seed;
                        try {
                            seed = Long.parseLong(seedText);
                        } catch (NumberFormatException e) {
                            throw B4jException.badInput("%s: seed '%s' is not an integer", where, seedText);
                        }
                        RunSpec spec = new RunSpec(system, sampler, sp, smp, seed, Double.POSITIVE_INFINITY, steps);
                        String id = caseId(out.size(), spec);
                        String chain = sampler + smp + seed;
                        out.add(new Case(id, spec, weight, warm ? previous.get(chain) : null));
                        previous.put(chain, id);
                    }
                }
            }
        }
    }

    private static String caseId(int index, RunSpec spec) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%03d-%s", index + 1, spec.system()));
        spec.systemOverrides().forEach((k, v) -> b.append('_').append(k).append(v));
        b.append("--").append(spec.sampler());
        spec.samplerOverrides().forEach((k, v) -> b.append('_').append(k).append(v));
        b.append("--seed").append(spec.seed());
        return b.toString().replaceAll("[^A-Za-z0-9._=-]", "_");
    }

    private static List<String> strings(Object o, String where, String key) {
        if (o instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        if (o == null) {
            throw B4jException.badInput("%s: '%s' is empty", where, key);
        }
        return List.of(String.valueOf(o));
    }

    private static boolean flag(Object o, String where, String key) {
        String text = String.valueOf(o);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw B4jException.badInput("%s: '%s' must be true or false, not '%s'", where, key, o);
    }

    private static double number(Object o, String where, String key) {
        try {
            double v = Double.parseDouble(String.valueOf(o));
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw B4jException.badInput("%s: '%s' must be a positive number, not '%s'", where, key, o);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String where, String key) {
        if (o == null) {
            return Map.of();
        }
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw B4jException.badInput("%s: '%s' must be a mapping of KEY: VALUE (or KEY: [VALUES])", where, key);
    }

    /** The cartesian product of a map whose values may be lists. */
    static List<Map<String, String>> product(Map<String, Object> grid) {
        List<Map<String, String>> result = new ArrayList<>();
        result.add(new LinkedHashMap<>());
        for (Map.Entry<String, Object> e : grid.entrySet()) {
            List<String> values = e.getValue() instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                    : List.of(String.valueOf(e.getValue()));
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : result) {
                for (String v : values) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            result = next;
        }
        return result;
    }
}
