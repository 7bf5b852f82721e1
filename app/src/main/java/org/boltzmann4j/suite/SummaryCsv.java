package org.boltzmann4j.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.boltzmann4j.analysis.RunReport;
import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.core.AtomicFiles;
import org.boltzmann4j.run.ResultsJson;

/**
 * {@code summary.csv}: one row per case with system, sampler, parameters, status, wall time, and for
 * every observable its mean, error, exact value, error in units of stderr, τ_int, ESS and ESS per
 * second (columns are the union over cases; empty where not measured).
 */
final class SummaryCsv {

    static final List<String> STATS = List.of("mean", "stderr", "exact", "z", "tau_int", "ess", "ess_per_s");

    private SummaryCsv() {
    }

    static void write(Path file, List<SuiteRunner.CaseResult> results) {
        Set<String> observables = new LinkedHashSet<>();
        for (SuiteRunner.CaseResult r : results) {
            if (r.outcome() != null) {
                observables.addAll(r.outcome().report().observables().keySet());
                if (r.outcome().report().lnZ() != null) {
                    observables.add("ln_z");
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
        for (SuiteRunner.CaseResult r : results) {
            List<String> row = new ArrayList<>();
            var spec = r.suiteCase().spec();
            row.add(r.suiteCase().id());
            row.add(spec.system());
            row.add(quote(params(spec.systemOverrides())));
            row.add(spec.sampler());
            row.add(quote(params(spec.samplerOverrides())));
            row.add(Long.toString(spec.seed()));
            row.add(r.outcome() == null ? ResultsJson.Status.FAILED.json() : r.outcome().status().json());
            if (r.outcome() == null) {
                for (int i = row.size(); i < header.size() - 1; i++) {
                    row.add("");
                }
                row.add(quote(r.error()));
            } else {
                RunReport rep = r.outcome().report();
                double wall = r.outcome().wallSeconds();
                row.add(num(wall));
                row.add(Long.toString(r.outcome().energyEvaluations()));
                row.add(rep.transitions() == null ? "" : Long.toString(rep.transitions().count()));
                for (String o : observables) {
                    row.addAll(cells(o, rep, wall));
                }
                row.add("");
            }
            b.append(String.join(",", row)).append('\n');
        }
        AtomicFiles.writeString(file, b.toString());
    }

    private static List<String> cells(String observable, RunReport rep, double wall) {
        Estimate e;
        Double exact;
        if (observable.equals("ln_z")) {
            if (rep.lnZ() == null) {
                return STATS.stream().map(s -> "").toList();
            }
            e = new Estimate(rep.lnZ().estimate(), rep.lnZ().stderr(), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            exact = rep.exactLnZ();
        } else {
            e = rep.observables().get(observable);
            exact = rep.exact().get(observable);
            if (e == null) {
                return STATS.stream().map(s -> "").toList();
            }
        }
        return List.of(num(e.mean()), num(e.stderr()), exact == null ? "" : num(exact),
                exact == null ? "" : num((e.mean() - exact) / e.stderr()), num(e.tauInt()), num(e.ess()),
                num(e.ess() / wall));
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
