package org.boltzmann4j.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.boltzmann4j.analysis.plot.Plots;
import org.boltzmann4j.analysis.plot.ProfileSeries;
import org.boltzmann4j.analysis.profile.FreeEnergySurface;
import org.boltzmann4j.analysis.profile.Profile;
import org.boltzmann4j.analysis.io.Csv;
import org.boltzmann4j.analysis.profile.ProfileCsv;
import org.boltzmann4j.core.B4jException;

/**
 * Draws a run directory's plots from its data files (see {@link RunArtifacts}), so that
 * {@code b4j plot DIR} can redraw them at any time: the free-energy profile against the exact
 * curve, order-parameter traces, the free-energy surface over two order parameters with the
 * declared states marked, training loss, and acceptance over training.
 */
public final class RunPlots {

    static final String PROFILE_PREFIX = "profile_";
    static final String EXACT_SUFFIX = "_exact.csv";
    static final String TRACE_PREFIX = "trace_";
    static final String SURFACE_PREFIX = "free_energy_";
    static final String STATES_CSV = "metastable_states.csv";
    static final String HISTORY_PREFIX = "history_";
    static final String LOSS_PNG = "loss.png";
    static final String ACCEPTANCE_PNG = "acceptance.png";

    private RunPlots() {
    }

    /** Redraws every plot of the run in {@code dir}. */
    public static void draw(Path dir, String systemName) {
        for (Path csv : files(dir, PROFILE_PREFIX, ".csv")) {
            String file = csv.getFileName().toString();
            if (file.endsWith(EXACT_SUFFIX)) {
                continue;
            }
            String name = file.substring(PROFILE_PREFIX.length(), file.length() - 4);
            Profile sampled = ProfileCsv.read(csv);
            Path exactFile = dir.resolve(PROFILE_PREFIX + name + EXACT_SUFFIX);
            Csv.Table exact = Files.exists(exactFile) ? Csv.read(exactFile) : null;
            Plots.freeEnergyProfile(dir.resolve(PROFILE_PREFIX + name + ".png"),
                    "Free energy of " + name + " (" + systemName + ")", name,
                    List.of(new ProfileSeries("sampled", sampled)),
                    exact == null ? null : exact.column(0), exact == null ? null : exact.column(1));
        }
        for (Path csv : files(dir, TRACE_PREFIX, ".csv")) {
            String file = csv.getFileName().toString();
            String name = file.substring(TRACE_PREFIX.length(), file.length() - 4);
            Csv.Table t = Csv.read(csv);
            double[][] chains = new double[t.header().size() - 1][];
            for (int j = 1; j < t.header().size(); j++) {
                chains[j - 1] = t.column(j);
            }
            double[] steps = t.column(0);
            double stride = steps.length > 1 ? steps[1] - steps[0] : 1;
            Plots.traces(dir.resolve(TRACE_PREFIX + name + ".png"), name + " along a few production chains", name,
                    chains, stride, chains.length);
        }
        for (Path csv : files(dir, SURFACE_PREFIX, ".csv")) {
            FreeEnergySurface surface = ProfileCsv.readSurface(csv);
            String file = csv.getFileName().toString();
            Plots.freeEnergySurface(dir.resolve(file.substring(0, file.length() - 4) + ".png"),
                    "Free energy over " + surface.xName() + " and " + surface.yName() + " (" + systemName + ")",
                    surface, marks(dir.resolve(STATES_CSV), surface));
        }
        Map<String, double[][]> loss = new LinkedHashMap<>();
        Map<String, double[][]> acceptance = new LinkedHashMap<>();
        String lossX = "";
        String acceptanceX = "";
        for (Path csv : files(dir, HISTORY_PREFIX, ".csv")) {
            Csv.Table t = Csv.read(csv);
            String name = t.header().get(1);
            double[][] xy = {t.column(0), t.column(1)};
            if (name.startsWith("acceptance")) {
                acceptance.put(name.replace("acceptance_", ""), xy);
                acceptanceX = t.header().get(0);
            } else {
                loss.put(name, xy);
                lossX = t.header().get(0);
            }
        }
        if (!loss.isEmpty()) {
            Plots.curves(dir.resolve(LOSS_PNG), "Training loss", lossX, "loss", loss);
        }
        if (!acceptance.isEmpty()) {
            Plots.curves(dir.resolve(ACCEPTANCE_PNG), "Acceptance during warm-up and training", acceptanceX,
                    "acceptance rate", acceptance);
        }
    }

    /**
     * The states of {@code metastable_states.csv} as marks on the surface (those with both of its
     * order parameters), labelled by index and weight; none without the file.
     */
    private static List<Plots.Mark> marks(Path statesCsv, FreeEnergySurface surface) {
        if (!Files.exists(statesCsv)) {
            return List.of();
        }
        Csv.Table t = Csv.read(statesCsv);
        int x = t.header().indexOf(surface.xName());
        int y = t.header().indexOf(surface.yName());
        int weight = t.header().indexOf("weight");
        if (x < 0 || y < 0 || weight < 0) {
            return List.of();
        }
        List<Plots.Mark> marks = new ArrayList<>();
        for (double[] row : t.rows()) {
            String w = Double.isFinite(row[weight]) ? String.format(Locale.ROOT, " (%.3g%%)", 100 * row[weight]) : "";
            marks.add(new Plots.Mark((int) row[0] + w, row[x], row[y]));
        }
        return marks;
    }

    private static List<Path> files(Path dir, String prefix, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String f = p.getFileName().toString();
                return f.startsWith(prefix) && f.endsWith(suffix);
            }).sorted().toList();
        } catch (IOException e) {
            throw B4jException.badInput("cannot read run directory %s: %s", dir, e.getMessage());
        }
    }
}
