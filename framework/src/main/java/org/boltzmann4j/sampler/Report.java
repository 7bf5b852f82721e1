package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the steps of a production phase report, collected by {@link CycleEngine} into the
 * {@link RunRecord}: acceptance by kernel kind, details, warnings, ln Z and weighted proposals.
 * Mutable, one per run.
 */
public final class Report {

    private final Map<String, Double> acceptance = new LinkedHashMap<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private RunRecord.LnZ lnZ;
    private RunRecord.WeightedSamples proposals;

    /** Acceptance rate by kernel kind ("local", "global", "swap"), in insertion order. */
    public Map<String, Double> acceptance() {
        return acceptance;
    }

    /** Facts for results.json, in insertion order. */
    public Map<String, Object> details() {
        return details;
    }

    public List<String> warnings() {
        return warnings;
    }

    public RunRecord.LnZ lnZ() {
        return lnZ;
    }

    public void lnZ(RunRecord.LnZ value) {
        lnZ = value;
    }

    /** Importance-weighted model proposals of production, or null. */
    public RunRecord.WeightedSamples proposals() {
        return proposals;
    }

    public void proposals(RunRecord.WeightedSamples value) {
        proposals = value;
    }
}
