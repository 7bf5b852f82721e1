package org.boltzmann4j.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.boltzmann4j.analysis.exact.ExactReference;
import org.boltzmann4j.analysis.exact.ExactReferences;
import org.boltzmann4j.analysis.freeenergy.BasinFreeEnergy;
import org.boltzmann4j.analysis.freeenergy.Mbar;
import org.boltzmann4j.analysis.profile.Profile;
import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.sampler.UmbrellaRun;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.OrderParameter;

/**
 * The report of an umbrella run: the windows combined by {@link Mbar} into the unbiased profile of
 * the primary order parameter, ΔF between its two states, every recorded observable reweighted to
 * the unbiased system, and diagnostics (per-window acceptance and τ_int, overlap of neighbouring
 * windows, MBAR iterations). ln Z is not estimated.
 */
final class UmbrellaAnalysis {

    /** Overlap O_{k,k+1} below which neighbouring windows are reported as barely overlapping. */
    static final double MIN_OVERLAP = 0.03;

    private UmbrellaAnalysis() {
    }

    static RunReport analyze(BoltzmannSystem<?> system, RunRecord record) {
        UmbrellaRun run = record.umbrella();
        OrderParameter<?> op = system.orderParameters().stream().filter(o -> o.name().equals(run.cvName())).findFirst()
                .orElseThrow(() -> org.boltzmann4j.core.B4jException.failure(
                        "the umbrella windows bias %s, which %s does not declare as an order parameter", run.cvName(),
                        system.name()));
        List<String> names = record.observableNames();
        List<double[][][]> byWindow = new ArrayList<>();
        for (int o = 0; o < names.size(); o++) {
            byWindow.add(byWindow(record.traces()[o], run));
        }
        Mbar.Result mbar = Mbar.defaults().reweight(run, op.low(), op.high(), RunAnalysis.PROFILE_BINS, byWindow);
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        for (int o = 0; o < names.size(); o++) {
            estimates.put(names.get(o), mbar.observables().get(o));
        }
        Optional<ExactReference> exact = ExactReferences.of(system);
        Profile profile = mbar.estimate().profile();
        RunReport.ProfileResult profileResult = RunAnalysis.profileResult(op, profile, exact);

        BasinFreeEnergy dF = BasinFreeEnergy.fromEstimate(mbar.estimate(), op.centre());
        Double exactDF = profileResult.exactF() == null ? null : BasinFreeEnergy.fromProfile(
                new Profile(profileResult.exactX(), profileResult.exactF(), new double[profileResult.exactX().length]),
                null, op.centre()).deltaF();
        RunReport.FreeEnergyDifference difference = new RunReport.FreeEnergyDifference(op.name(), op.centre(),
                dF.deltaF(), dF.stderr(), exactDF);

        List<String> warnings = new ArrayList<>(record.warnings());
        warnings.addAll(mbar.estimate().warnings());
        double[] overlap = mbar.neighbourOverlap();
        for (int k = 0; k < overlap.length; k++) {
            if (overlap[k] < MIN_OVERLAP) {
                warnings.add(String.format(Locale.ROOT, "windows %d and %d (centres %.4g, %.4g) overlap by only %.3g:"
                        + " the profile between them is unreliable; take more windows or a smaller kappa", k, k + 1,
                        run.centres()[k], run.centres()[k + 1], overlap[k]));
            }
        }
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        diagnostics.put("method", "MBAR");
        diagnostics.put("mbar_iterations", mbar.iterations());
        diagnostics.put("window_centres", run.centres());
        diagnostics.put("kappa", run.kappa());
        diagnostics.put("window_acceptance", run.acceptance());
        diagnostics.put("window_tau_int", mbar.estimate().statisticalInefficiency());
        diagnostics.put("neighbour_overlap", overlap);
        diagnostics.put("min_neighbour_overlap", Arrays.stream(overlap).min().orElse(Double.NaN));
        diagnostics.put("window_free_energies", mbar.estimate().windowFreeEnergies());
        diagnostics.put("window_free_energy_stderr", mbar.estimate().windowStderr());

        Map<String, Double> exactValues = exact.map(ExactReference::observables).orElse(Map.of());
        Double exactLnZ = exact.flatMap(ExactReference::lnZ).orElse(null);
        return new RunReport(estimates, null, null, profileResult, exactValues, exactLnZ, warnings, difference,
                diagnostics);
    }

    /** Traces [chain][record] with chains grouped by window, as [window][chain][record]. */
    private static double[][][] byWindow(double[][] traces, UmbrellaRun run) {
        double[][][] out = new double[run.windows()][][];
        int next = 0;
        for (int k = 0; k < run.windows(); k++) {
            int chains = run.traces()[k].length;
            out[k] = Arrays.copyOfRange(traces, next, next + chains);
            next += chains;
        }
        return out;
    }
}
