package org.boltzmann4j.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 *
 * <p>When the windows were swept both ways, each pass is also combined on its own. A slow mode the
 * bias does not act on makes them disagree (hysteresis) by more than the asymptotic errors, which
 * know nothing of it: every error (profile bins, ΔF, observables) is then at least half the
 * difference between the passes, and the report warns.
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
        BasinFreeEnergy dF = BasinFreeEnergy.fromEstimate(mbar.estimate(), op.centre());
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        for (int o = 0; o < names.size(); o++) {
            estimates.put(names.get(o), mbar.observables().get(o));
        }
        Profile profile = mbar.estimate().profile();
        List<String> warnings = new ArrayList<>(record.warnings());
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        if (run.bothWays()) {
            Mbar.Result[] passes = new Mbar.Result[2];
            BasinFreeEnergy[] passDF = new BasinFreeEnergy[2];
            for (int p = 0; p < 2; p++) {
                UmbrellaRun one = run.only(p);
                List<double[][][]> oneObservables = new ArrayList<>();
                for (double[][][] o : byWindow) {
                    oneObservables.add(only(o, run, p));
                }
                passes[p] = Mbar.defaults().reweight(one, op.low(), op.high(), RunAnalysis.PROFILE_BINS, oneObservables);
                passDF[p] = BasinFreeEnergy.fromEstimate(passes[p].estimate(), op.centre());
            }
            double gap = Math.abs(passDF[0].deltaF() - passDF[1].deltaF());
            Map<String, Object> byPass = new LinkedHashMap<>();
            byPass.put("upward", Map.of("estimate", passDF[0].deltaF(), "stderr", passDF[0].stderr()));
            byPass.put("downward", Map.of("estimate", passDF[1].deltaF(), "stderr", passDF[1].stderr()));
            diagnostics.put("free_energy_difference_by_pass", byPass);
            if (gap > 3 * Math.hypot(passDF[0].stderr(), passDF[1].stderr())) {
                warnings.add(String.format(Locale.ROOT, "the upward and downward passes disagree on Delta F (%.3g and"
                        + " %.3g, +- %.2g and %.2g): a slow mode the bias on %s does not act on; errors raised to half"
                        + " the difference between the passes; run longer or bias a better coordinate",
                        passDF[0].deltaF(), passDF[1].deltaF(), passDF[0].stderr(), passDF[1].stderr(), op.name()));
            }
            dF = new BasinFreeEnergy(dF.deltaF(), Math.max(dF.stderr(), gap / 2));
            profile = withHysteresis(profile, passes[0].estimate().profile(), passes[1].estimate().profile());
            for (int o = 0; o < names.size(); o++) {
                Estimate e = estimates.get(names.get(o));
                double half = Math.abs(passes[0].observables().get(o).mean() - passes[1].observables().get(o).mean()) / 2;
                if (half > e.stderr()) {
                    estimates.put(names.get(o), new Estimate(e.mean(), half, e.tauInt(), e.variance() / (half * half),
                            e.variance(), e.rHat()));
                }
            }
        }
        CheckedExactReference exact = new CheckedExactReference(system::exactReference);
        RunReport.ProfileResult profileResult = RunAnalysis.profileResult(op, profile, exact);
        Double exactDF = profileResult.exactF() == null ? null : BasinFreeEnergy.fromProfile(
                new Profile(profileResult.exactX(), profileResult.exactF(), new double[profileResult.exactX().length]),
                null, op.centre()).deltaF();
        RunReport.FreeEnergyDifference difference = new RunReport.FreeEnergyDifference(op.name(), op.centre(),
                dF.deltaF(), dF.stderr(), exactDF);

        warnings.addAll(mbar.estimate().warnings());
        double[] overlap = mbar.neighbourOverlap();
        for (int k = 0; k < overlap.length; k++) {
            if (overlap[k] < MIN_OVERLAP) {
                warnings.add(String.format(Locale.ROOT, "windows %d and %d (centres %.4g, %.4g) overlap by only %.3g:"
                        + " the profile between them is unreliable; take more windows or a smaller kappa, or, between passes,"
                        + " look for a slow mode the bias does not act on", k, k + 1,
                        run.centres()[k], run.centres()[k + 1], overlap[k]));
            }
        }
        diagnostics.put("method", "MBAR");
        diagnostics.put("window_pass", run.pass());
        diagnostics.put("mbar_iterations", mbar.iterations());
        diagnostics.put("window_centres", run.centres());
        diagnostics.put("kappa", run.kappa());
        diagnostics.put("window_acceptance", run.acceptance());
        diagnostics.put("window_tau_int", mbar.estimate().statisticalInefficiency());
        diagnostics.put("neighbour_overlap", overlap);
        diagnostics.put("min_neighbour_overlap", Arrays.stream(overlap).min().orElse(Double.NaN));
        diagnostics.put("window_free_energies", mbar.estimate().windowFreeEnergies());
        diagnostics.put("window_free_energy_stderr", mbar.estimate().windowStderr());

        return new RunReport(estimates, null, null, profileResult, exact.observables(), exact.lnZ(), warnings,
                difference, diagnostics, Map.of(), exact.failure(), null, null);
    }

    /** The windows of one pass of traces indexed [window][chain][record]. */
    private static double[][][] only(double[][][] byWindow, UmbrellaRun run, int pass) {
        return java.util.stream.IntStream.range(0, run.windows()).filter(k -> run.pass()[k] == pass)
                .mapToObj(k -> byWindow[k]).toArray(double[][][]::new);
    }

    /** Errors raised to half the difference between the passes' profiles, bin by bin, where both have the bin. */
    static Profile withHysteresis(Profile combined, Profile upward, Profile downward) {
        double[] stderr = combined.stderr().clone();
        for (int b = 0; b < stderr.length; b++) {
            double half = Math.abs(upward.freeEnergy()[b] - downward.freeEnergy()[b]) / 2;
            if (Double.isFinite(combined.freeEnergy()[b]) && Double.isFinite(half)) {
                stderr[b] = Math.max(stderr[b], half);
            }
        }
        return new Profile(combined.x(), combined.freeEnergy(), stderr);
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
