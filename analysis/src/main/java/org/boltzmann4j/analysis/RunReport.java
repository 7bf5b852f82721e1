package org.boltzmann4j.analysis;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.analysis.freeenergy.Rates;
import org.boltzmann4j.analysis.freeenergy.StateOccupancy;
import org.boltzmann4j.analysis.profile.FreeEnergySurface;
import org.boltzmann4j.analysis.profile.Profile;
import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * The measured outcome of a run: an estimate with an honest error for every observable, ln Z,
 * barrier crossings, the free-energy profile of the primary order parameter, the exact values
 * they can be checked against, and warnings.
 *
 * @param observables  estimates by observable name
 * @param lnZ          ln Z estimate, or null
 * @param transitions  crossings of the primary order parameter, or null
 * @param profile      free-energy profile along the primary order parameter, or null
 * @param exact        exact values by observable name, where known
 * @param exactLnZ     exact ln Z, or null
 * @param warnings     what a reader must know about the estimates' reliability
 * @param freeEnergyDifference ΔF between the declared states, where the run measures it (umbrella), or null
 * @param diagnostics  method-specific facts for results.json (MBAR iterations, window overlaps...), may be empty
 * @param untrusted    why an observable's error bar cannot be trusted, by name; absent names are trusted
 * @param failure      what failed in the analysis after the estimates were made (the exact reference), or null
 * @param surface      free-energy surface over the first two order parameters, or null
 * @param states       occupancy of the declared metastable states in the order parameters' space, or null
 */
public record RunReport(Map<String, Estimate> observables, RunRecord.LnZ lnZ, Transitions transitions,
                        ProfileResult profile, Map<String, Double> exact, Double exactLnZ, List<String> warnings,
                        FreeEnergyDifference freeEnergyDifference, Map<String, Object> diagnostics,
                        Map<String, String> untrusted, String failure, FreeEnergySurface surface,
                        StateOccupancy states) {

    /**
     * ΔF = F_B - F_A = -ln(P_B / P_A) in kT between the two states split at the order parameter's
     * centre: A below, B at or above (over the profile range).
     *
     * @param orderParameter name
     * @param boundary       the centre splitting A from B
     * @param estimate       ΔF
     * @param stderr         one-sigma error
     * @param exact          exact ΔF over the same range, or null
     */
    public record FreeEnergyDifference(String orderParameter, double boundary, double estimate, double stderr,
                                       Double exact) {
    }

    /**
     * Barrier crossings of an order parameter with hysteresis.
     *
     * @param orderParameter name
     * @param count          crossings summed over chains
     * @param per1000Steps   crossings per chain per 1000 steps
     * @param threshold      half-width of the hysteresis band
     * @param centre         centre of the band: state A lies below it, B above
     * @param mfpt           mean first-passage times in sampler steps per chain, or null when either
     *                       direction saw fewer than {@link RunAnalysis#MIN_TRANSITIONS_FOR_MFPT} transitions
     * @param stepsPerRecord sampler steps one production record stands for: the MFPT's resolution
     */
    public record Transitions(String orderParameter, long count, double per1000Steps, double threshold, double centre,
                              Rates mfpt, double stepsPerRecord) {
    }

    /**
     * A sampled free-energy profile with the exact curve where known.
     *
     * @param orderParameter name
     * @param sampled        histogram estimate with errors
     * @param exactX         points of the exact curve, or null
     * @param exactF         exact -ln p at those points (min 0), or null
     */
    public record ProfileResult(String orderParameter, Profile sampled, double[] exactX, double[] exactF) {
    }

    /** True for the name of a data file or plot that {@link #writeArtifacts} writes into a run directory. */
    public static boolean isArtifact(String fileName) {
        return RunArtifacts.owns(fileName);
    }

    /** Writes training curves as the run's {@code history_NAME.csv} files (what {@code b4j plot} draws), e.g. mid-run. */
    public static void writeHistory(Path dir, Map<String, RunRecord.Curve> history) {
        RunArtifacts.writeHistory(dir, history);
    }

    /** Writes the profile CSV and the plots of the run into {@code dir}. */
    public void writeArtifacts(Path dir, BoltzmannSystem<?> system, RunRecord record) {
        RunArtifacts.write(dir, system, record, this);
    }
}
