package org.boltzmann4j.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.analysis.io.Csv;
import org.boltzmann4j.analysis.profile.ProfileCsv;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * Data files a run leaves besides results.json, from which {@link RunPlots} draws its plots:
 * {@code profile_X.csv} (the contract's sampled profile), {@code profile_X_exact.csv},
 * {@code trace_X.csv} (a few production chains) and {@code history_NAME.csv} (training and
 * adaptation curves, headed by their axis labels), and the {@link RunArrays} for NumPy.
 */
final class RunArtifacts {

    static final int TRACED_CHAINS = 4;
    static final int TRACE_POINTS = 4000;

    private RunArtifacts() {
    }

    /** True for the name of a file this class or {@link RunPlots} writes into a run directory. */
    static boolean owns(String fileName) {
        boolean csv = fileName.endsWith(".csv");
        boolean png = fileName.endsWith(".png");
        boolean plotted = fileName.startsWith(RunPlots.PROFILE_PREFIX) || fileName.startsWith(RunPlots.TRACE_PREFIX);
        return (csv || png) && plotted
                || csv && fileName.startsWith(RunPlots.HISTORY_PREFIX)
                || fileName.equals(RunPlots.LOSS_PNG) || fileName.equals(RunPlots.ACCEPTANCE_PNG)
                || RunArrays.owns(fileName);
    }

    static void write(Path dir, BoltzmannSystem<?> system, RunRecord record, RunReport report) {
        RunReport.ProfileResult profile = report.profile();
        if (profile != null) {
            String name = profile.orderParameter();
            ProfileCsv.write(dir.resolve(RunPlots.PROFILE_PREFIX + name + ".csv"), profile.sampled());
            if (profile.exactF() != null) {
                Csv.write(dir.resolve(RunPlots.PROFILE_PREFIX + name + RunPlots.EXACT_SUFFIX), List.of("x", "free_energy"),
                        columns(profile.exactX(), profile.exactF()));
            }
            int index = record.observableNames().indexOf(name);
            if (record.logWeights() == null && record.umbrella() == null && index >= 0) {
                writeTrace(dir.resolve(RunPlots.TRACE_PREFIX + name + ".csv"), record.traces()[index], record.stride());
            }
        }
        writeHistory(dir, record.history());
        RunArrays.write(dir, record);
        RunPlots.draw(dir, system.name());
    }

    /** {@code history_NAME.csv} for every curve, headed by its axis label and name. */
    static void writeHistory(Path dir, Map<String, RunRecord.Curve> history) {
        history.forEach((name, curve) -> Csv.write(dir.resolve(RunPlots.HISTORY_PREFIX + name + ".csv"),
                List.of(curve.xLabel(), name), columns(curve.x(), curve.y())));
    }

    private static void writeTrace(Path file, double[][] chains, long stride) {
        int shown = Math.min(TRACED_CHAINS, chains.length);
        int length = chains[0].length;
        int every = Math.max(1, length / TRACE_POINTS);
        List<String> header = new ArrayList<>(List.of("step"));
        for (int c = 0; c < shown; c++) {
            header.add("chain" + c);
        }
        List<double[]> rows = new ArrayList<>();
        for (int t = 0; t < length; t += every) {
            double[] row = new double[shown + 1];
            row[0] = (double) t * stride;
            for (int c = 0; c < shown; c++) {
                row[c + 1] = chains[c][t];
            }
            rows.add(row);
        }
        Csv.write(file, header, rows);
    }

    private static List<double[]> columns(double[] x, double[] y) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            rows.add(new double[] {x[i], y[i]});
        }
        return rows;
    }
}
