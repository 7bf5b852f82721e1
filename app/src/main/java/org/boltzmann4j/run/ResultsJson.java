package org.boltzmann4j.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.boltzmann4j.analysis.RunAnalysis;
import org.boltzmann4j.analysis.RunArrays;
import org.boltzmann4j.analysis.RunReport;
import org.boltzmann4j.analysis.freeenergy.Rates;
import org.boltzmann4j.analysis.freeenergy.StateOccupancy;
import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.core.AtomicFiles;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.sampler.ImportanceWeights;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.system.BoltzmannSystem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes {@code results.json} in the layout fixed by the contract ({@code b4j-results/1}). */
public final class ResultsJson {

    public static final String SCHEMA = "b4j-results/1";
    /** The file's name in a run directory. */
    public static final String FILE = "results.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What happened to a run, written as {@code status}. */
    public enum Status {
        /** Finished within its budget. */
        OK,
        /** Failed while running or after sampling; what was computed before is kept. */
        FAILED,
        /** Stopped by SIGINT/SIGTERM; the estimates cover the work done until then. */
        INTERRUPTED;

        /** The value written in results.json and summary.csv. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ResultsJson() {
    }

    /** The results of a run whose sampler returned; {@code error} is null unless {@code status} is FAILED. */
    static void write(Path dir, RunSpec spec, BoltzmannSystem<?> system, Samplers.ConfiguredSampler sampler,
                      double wallSeconds, RunRecord record, RunReport report, Status status, String error) {
        Map<String, Object> root = header(spec, system, sampler, wallSeconds);
        root.put("status", status.json());
        if (error != null) {
            root.put("error", error);
        }
        root.put("energy_evaluations", record.energyEvaluations());
        Map<String, Object> observables = new LinkedHashMap<>();
        report.observables().forEach((name, e) -> observables.put(name, estimate(e, report.exact().get(name),
                report.untrusted().get(name))));
        root.put("observables", observables);
        if (report.lnZ() != null) {
            Map<String, Object> lnZ = new LinkedHashMap<>();
            String untrusted = report.untrusted().get(RunAnalysis.LN_Z);
            lnZ.put("trusted", untrusted == null);
            if (untrusted != null) {
                lnZ.put("untrusted_because", untrusted);
            }
            lnZ.put("estimate", finite(report.lnZ().estimate()));
            lnZ.put("stderr", finite(report.lnZ().stderr()));
            lnZ.put("estimator", report.diagnostics().getOrDefault(RunAnalysis.LN_Z_ESTIMATOR, "importance_sampling"));
            if (record.details().get(ImportanceWeights.PARETO_K) instanceof Number k) {
                lnZ.put(ImportanceWeights.PARETO_K, finite(k.doubleValue()));
            }
            if (report.exactLnZ() != null) {
                lnZ.put("exact", report.exactLnZ());
            }
            root.put("ln_z", lnZ);
        } else {
            root.put("ln_z", null);
        }
        Double essFraction = Runner.essFraction(record);
        if (essFraction != null) {
            root.put("ess_fraction", finite(essFraction));
        }
        Map<String, Object> acceptance = new LinkedHashMap<>();
        record.acceptance().forEach((k, v) -> acceptance.put(k, finite(v)));
        root.put("acceptance", acceptance);
        if (report.transitions() != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("order_parameter", report.transitions().orderParameter());
            t.put("count", report.transitions().count());
            t.put("per_1000_steps", finite(report.transitions().per1000Steps()));
            t.put("threshold", report.transitions().threshold());
            if (report.transitions().mfpt() != null) {
                t.put("mfpt", mfpt(report.transitions()));
                t.put("mfpt_unit", MFPT_UNIT);
                t.put("mfpt_resolution_steps", report.transitions().stepsPerRecord());
                t.put("states", states(report.transitions()));
            }
            root.put("transitions", t);
        }
        if (report.states() != null) {
            root.put("metastable_states", metastableStates(report.states(), record));
        }
        if (report.freeEnergyDifference() != null) {
            root.put("free_energy_difference", freeEnergyDifference(report.freeEnergyDifference()));
        }
        if (!report.diagnostics().isEmpty()) {
            root.put("diagnostics", report.diagnostics());
        }
        root.put("production_steps", record.productionSteps());
        root.put("record_stride", record.stride());
        root.put("chains", record.traces().length == 0 ? 0 : record.traces()[0].length);
        root.put("arrays", RunArrays.index(record));
        root.put("details", record.details());
        root.put("warnings", report.warnings());
        write(dir, root);
    }

    /** What the MFPT is measured in. */
    static final String MFPT_UNIT = "sampler steps per chain (sweeps for local samplers, cycles for model-based ones),"
            + " production only";

    private static Map<String, Object> mfpt(RunReport.Transitions t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("A_to_B", passage(t.mfpt().aToB()));
        m.put("B_to_A", passage(t.mfpt().bToA()));
        return m;
    }

    private static Map<String, Object> passage(Rates.Passage p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", finite(p.mfpt()));
        m.put("stderr", finite(p.stderr()));
        m.put("transitions", p.transitions());
        return m;
    }

    private static Map<String, Object> states(RunReport.Transitions t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("A", String.format(Locale.ROOT, "%s < %s", t.orderParameter(), t.centre() - t.threshold()));
        m.put("B", String.format(Locale.ROOT, "%s > %s", t.orderParameter(), t.centre() + t.threshold()));
        return m;
    }

    private static Map<String, Object> metastableStates(StateOccupancy occupancy, RunRecord record) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> ops = occupancy.orderParameters();
        m.put("assignment", occupancy.assignment());
        if (occupancy.byLabel() != null) {
            m.put("label_assignment", occupancy.byLabel().assignment());
        }
        List<Object> states = new ArrayList<>();
        for (int s = 0; s < occupancy.states().length; s++) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("state", s);
            for (int k = 0; k < ops.size(); k++) {
                state.put(ops.get(k), occupancy.states()[s][k]);
            }
            Estimate w = occupancy.weights()[s];
            state.put("weight", estimate(w, null, occupancy.untrustedBecause()[s]));
            StateOccupancy labelled = occupancy.byLabel();
            if (labelled != null) {
                state.put("weight_by_label", estimate(labelled.weights()[s], null, labelled.untrustedBecause()[s]));
            }
            states.add(state);
        }
        m.put("states", states);
        if (occupancy.groundToOthers() != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("commitment", "to state 0 (G) where its distance is at most half that to the nearest other state,"
                    + " to the others (O) where theirs is at most half that to state 0");
            Map<String, Object> mfpt = new LinkedHashMap<>();
            mfpt.put("G_to_O", passage(occupancy.groundToOthers().aToB()));
            mfpt.put("O_to_G", passage(occupancy.groundToOthers().bToA()));
            t.put("mfpt", mfpt);
            t.put("mfpt_unit", MFPT_UNIT);
            t.put("mfpt_resolution_steps", Rates.stepsPerRecord(record));
            m.put("transitions", t);
        }
        return m;
    }

    private static Map<String, Object> freeEnergyDifference(RunReport.FreeEnergyDifference d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("states", List.of("A", "B"));
        m.put("order_parameter", d.orderParameter());
        m.put("definition", String.format(Locale.ROOT, "F_B - F_A in kT; A: %s < %s, B: %s >= %s", d.orderParameter(),
                d.boundary(), d.orderParameter(), d.boundary()));
        m.put("estimate", finite(d.estimate()));
        m.put("stderr", finite(d.stderr()));
        if (d.exact() != null) {
            m.put("exact", d.exact());
            m.put("error_in_stderr", finite((d.estimate() - d.exact()) / d.stderr()));
        }
        return m;
    }

    /** The results of a run that has no estimates: its sampler failed or never returned. */
    static void writeWithoutEstimates(Path dir, RunSpec spec, BoltzmannSystem<?> system,
                                      Samplers.ConfiguredSampler sampler, double wallSeconds, Status status,
                                      String error) {
        Map<String, Object> root = header(spec, system, sampler, wallSeconds);
        root.put("status", status.json());
        root.put("error", error);
        root.put("observables", Map.of());
        root.put("ln_z", null);
        write(dir, root);
    }

    private static Map<String, Object> header(RunSpec spec, BoltzmannSystem<?> system,
                                              Samplers.ConfiguredSampler sampler, double wallSeconds) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("system", Map.of("name", system.name(), "params", system.parameters().asMap()));
        root.put("sampler", Map.of("name", sampler.name(), "params", sampler.parameters().asMap()));
        root.put("seed", spec.seed());
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("seconds", Double.isInfinite(spec.budgetSeconds()) ? null : spec.budgetSeconds());
        budget.put("steps", spec.steps());
        root.put("budget", budget);
        root.put("wall_seconds", wallSeconds);
        root.put("threads", Runtime.getRuntime().availableProcessors());
        return root;
    }

    private static Map<String, Object> estimate(Estimate e, Double exact, String untrusted) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trusted", untrusted == null);
        if (untrusted != null) {
            m.put("untrusted_because", untrusted);
        }
        m.put("mean", finite(e.mean()));
        m.put("stderr", finite(e.stderr()));
        m.put("tau_int", finite(e.tauInt()));
        m.put("ess", finite(e.ess()));
        if (!Double.isNaN(e.rHat())) {
            m.put("r_hat", finite(e.rHat()));
        }
        if (exact != null) {
            m.put("exact", exact);
            m.put("error_in_stderr", finite((e.mean() - exact) / e.stderr()));
        }
        return m;
    }

    /** Reads a results.json; one that is not a JSON object is bad input, named in one line. */
    public static JsonNode read(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw B4jException.badInput("%s is not a results.json: it holds no JSON object", file);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw B4jException.badInput("%s is not a readable results.json (%s)", file, e.getOriginalMessage());
        } catch (IOException e) {
            throw B4jException.badInput("cannot read %s: %s", file, e.getMessage());
        }
    }

    /**
     * What a finished run's results.json says, as an outcome (estimates, exact values, ln Z, crossings,
     * wall time, status) for a suite that keeps the run instead of repeating it.
     */
    public static Runner.Outcome readOutcome(Path dir) {
        JsonNode j = read(dir.resolve(FILE));
        Map<String, Estimate> observables = new LinkedHashMap<>();
        Map<String, Double> exact = new LinkedHashMap<>();
        Map<String, String> untrusted = new LinkedHashMap<>();
        j.path("observables").fields().forEachRemaining(e -> {
            JsonNode o = e.getValue();
            observables.put(e.getKey(), new Estimate(number(o, "mean"), number(o, "stderr"), number(o, "tau_int"),
                    number(o, "ess"), Double.NaN, number(o, "r_hat")));
            if (o.has("exact")) {
                exact.put(e.getKey(), o.path("exact").asDouble());
            }
            if (o.has("untrusted_because")) {
                untrusted.put(e.getKey(), o.path("untrusted_because").asText());
            }
        });
        JsonNode z = j.path("ln_z");
        RunRecord.LnZ lnZ = z.isObject() ? new RunRecord.LnZ(number(z, "estimate"), number(z, "stderr")) : null;
        Double exactLnZ = z.has("exact") ? z.path("exact").asDouble() : null;
        JsonNode t = j.path("transitions");
        RunReport.Transitions transitions = t.isObject() ? new RunReport.Transitions(t.path("order_parameter").asText(),
                t.path("count").asLong(), number(t, "per_1000_steps"), number(t, "threshold"), Double.NaN, null,
                Double.NaN) : null;
        List<String> warnings = new ArrayList<>();
        j.path("warnings").forEach(w -> warnings.add(w.asText()));
        RunReport report = new RunReport(observables, lnZ, transitions, null, exact, exactLnZ, warnings, null, Map.of(),
                untrusted, j.path("error").isTextual() ? j.path("error").asText() : null, null, null);
        Status status = Status.valueOf(j.path("status").asText("failed").toUpperCase(Locale.ROOT));
        return new Runner.Outcome(dir, report, number(j, "wall_seconds"), j.path("energy_evaluations").asLong(), status,
                List.of());
    }

    private static double number(JsonNode node, String field) {
        return node.path(field).isNumber() ? node.path(field).asDouble() : Double.NaN;
    }

    /** JSON has no NaN or infinity: such values are written as null. */
    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void write(Path dir, Map<String, Object> root) {
        AtomicFiles.write(dir.resolve(FILE), temp -> JSON.writeValue(temp.toFile(), root));
    }
}
