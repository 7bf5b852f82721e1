package org.boltzmann4j.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.analysis.freeenergy.StateOccupancy;
import org.boltzmann4j.analysis.io.Csv;
import org.boltzmann4j.analysis.profile.FreeEnergySurface;
import org.boltzmann4j.analysis.profile.ProfileCsv;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * Data files a run leaves besides results.json, from which {@link RunPlots} draws its plots:
 * {@code profile_X.csv} (the contract's sampled profile), {@code profile_X_exact.csv},
 * {@code trace_X.csv} (a few production chains), {@code history_NAME.csv} (training and
 * adaptation curves, headed by their axis labels), {@code free_energy_X_Y.csv} (the surface over two
 * order parameters, {@link ProfileCsv}) with {@code metastable_states.csv} (each declared state's
 * order-parameter values and weight, {@code state,X,Y...,weight,stderr}), and the {@link RunArrays}
 * for NumPy.
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
        boolean plotted = fileName.startsWith(RunPlots.PROFILE_PREFIX) || fileName.startsWith(RunPlots.TRACE_PREFIX)
                || fileName.startsWith(RunPlots.SURFACE_PREFIX);
        return (csv || png) && plotted
                || csv && fileName.startsWith(RunPlots.HISTORY_PREFIX)
                || fileName.equals(RunPlots.LOSS_PNG) || fileName.equals(RunPlots.ACCEPTANCE_PNG)
                || fileName.equals(RunPlots.STATES_CSV)
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
        if (report.surface() != null) {
            FreeEnergySurface s = report.surface();
            ProfileCsv.write(dir.resolve(RunPlots.SURFACE_PREFIX + s.xName() + "_" + s.yName() + ".csv"), s);
        }
        if (report.states() != null) {
            writeStates(dir.resolve(RunPlots.STATES_CSV), report.states());
        }
        writeHistory(dir, record.history());
        RunArrays.write(dir, record);
        RunPlots.draw(dir, system.name());
    }

    private static void writeStates(Path file, StateOccupancy states) {
        List<String> header = new ArrayList<>(List.of("state"));
        header.addAll(states.orderParameters());
        header.addAll(List.of("weight", "stderr"));
        List<double[]> rows = new ArrayList<>();
        for (int s = 0; s < states.states().length; s++) {
            int k = states.orderParameters().size();
            double[] row = new double[k + 3];
            row[0] = s;
            System.arraycopy(states.states()[s], 0, row, 1, k);
            row[k + 1] = states.weights()[s].mean();
            row[k + 2] = states.weights()[s].stderr();
            rows.add(row);
        }
        Csv.write(file, header, rows);
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
