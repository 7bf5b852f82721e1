package org.boltzmann4j.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.boltzmann4j.core.AtomicFiles;
import org.boltzmann4j.run.ResultsJson;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code summary.csv}: one row per case with system, sampler, parameters, status, wall time, and for
 * every observable its mean, error, exact value, error in units of stderr, τ_int, ESS, ESS per
 * second and whether the run trusted the error bar (columns are the union over cases; empty where
 * not measured).
 */
final class SummaryCsv {

    private static final String LN_Z = "ln_z";

    static final List<String> STATS = List.of("mean", "stderr", "exact", "z", "tau_int", "ess", "ess_per_s",
            "trusted");

    private SummaryCsv() {
    }

    static void write(Path file, List<SuiteRunner.CaseResult> results) {
        List<JsonNode> written = results.stream()
                .map(r -> r.directory() == null ? null : ResultsJson.read(r.directory().resolve(ResultsJson.FILE)))
                .toList();
        Set<String> observables = new LinkedHashSet<>();
        for (JsonNode json : written) {
            if (json != null) {
                json.path("observables").fieldNames().forEachRemaining(observables::add);
                if (json.path("ln_z").isObject()) {
                    observables.add(LN_Z);
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("case", "system", "system_params", "sampler", "sampler_params",
                "seed", "status", "wall_seconds", "energy_evaluations", "crossings"));
        for (String o : observables) {
            STATS.forEach(s -> header.add(o + "_" + s));
        }
        header.add("error");
        StringBuilder b = new StringBuilder(String.join(",", header)).append('\n');
        for (int i = 0; i < results.size(); i++) {
            SuiteRunner.CaseResult r = results.get(i);
            JsonNode json = written.get(i);
            List<String> row = new ArrayList<>();
            var spec = r.suiteCase().spec();
            row.add(r.suiteCase().id());
            row.add(spec.system());
            row.add(quote(params(spec.systemOverrides())));
            row.add(spec.sampler());
            row.add(quote(params(spec.samplerOverrides())));
            row.add(Long.toString(spec.seed()));
            row.add(json == null ? ResultsJson.Status.FAILED.json() : json.path("status").asText());
            if (json == null) {
                for (int k = row.size(); k < header.size() - 1; k++) {
                    row.add("");
                }
            } else {
                double wall = json.path("wall_seconds").asDouble(Double.NaN);
                row.add(num(wall));
                row.add(json.path("energy_evaluations").asText(""));
                row.add(json.path("transitions").path("count").asText(""));
                for (String o : observables) {
                    row.addAll(cells(o.equals(LN_Z) ? json.path("ln_z") : json.path("observables").path(o), wall));
                }
            }
            row.add(quote(r.error()));
            b.append(String.join(",", row)).append('\n');
        }
        AtomicFiles.writeString(file, b.toString());
    }

    /** An estimate's cells from its results.json node (empty where not measured). */
    private static List<String> cells(JsonNode e, double wall) {
        JsonNode mean = e.has("mean") ? e.path("mean") : e.path("estimate");
        if (!mean.isNumber()) {
            return STATS.stream().map(s -> "").toList();
        }
        double stderr = e.path("stderr").asDouble(Double.NaN);
        double ess = e.path("ess").asDouble(Double.NaN);
        JsonNode exact = e.path("exact");
        return List.of(num(mean.asDouble()), num(stderr), exact.isNumber() ? num(exact.asDouble()) : "",
                exact.isNumber() ? num((mean.asDouble() - exact.asDouble()) / stderr) : "",
                num(e.path("tau_int").asDouble(Double.NaN)), num(ess), num(ess / wall),
                e.path("trusted").isBoolean() ? e.path("trusted").asText() : "");
    }

    static String params(Map<String, String> p) {
        return p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    static String quote(String s) {
        return s == null ? "" : '"' + s.replace("\"", "\"\"") + '"';
    }
}
