package org.boltzmann4j.analysis.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.boltzmann4j.analysis.io.Csv;
import org.boltzmann4j.core.B4jException;

/**
 * Reads and writes profiles as CSV with the header {@code x,free_energy,stderr}, and surfaces with
 * {@code X,Y,free_energy,stderr} (the two order parameters' names, one row per cell, x major);
 * empty cells are NaN.
 */
public final class ProfileCsv {

    /** The header line. */
    public static final String HEADER = "x,free_energy,stderr";

    private static final List<String> COLUMNS = List.of(HEADER.split(","));

    private ProfileCsv() {
    }

    public static void write(Path file, Profile profile) {
        List<double[]> rows = new ArrayList<>();
        for (int b = 0; b < profile.size(); b++) {
            rows.add(new double[] {profile.x()[b], profile.freeEnergy()[b], profile.stderr()[b]});
        }
        Csv.write(file, COLUMNS, rows);
    }

    public static Profile read(Path file) {
        Csv.Table table = Csv.read(file);
        if (!table.header().equals(COLUMNS)) {
            throw B4jException.badInput("profile %s must start with the header %s", file, HEADER);
        }
        for (int r = 0; r < table.rows().size(); r++) {
            if (table.rows().get(r).length != COLUMNS.size()) {
                throw B4jException.badInput("profile %s line %d has %d fields, expected 3", file, r + 2,
                        table.rows().get(r).length);
            }
        }
        return new Profile(table.column(0), table.column(1), table.column(2));
    }

    public static void write(Path file, FreeEnergySurface s) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < s.x().length; i++) {
            for (int j = 0; j < s.y().length; j++) {
                rows.add(new double[] {s.x()[i], s.y()[j], s.freeEnergy()[i][j], s.stderr()[i][j]});
            }
        }
        Csv.write(file, List.of(s.xName(), s.yName(), "free_energy", "stderr"), rows);
    }

    /** A surface written by {@link #write(Path, FreeEnergySurface)}: a full grid, x major. */
    public static FreeEnergySurface readSurface(Path file) {
        Csv.Table table = Csv.read(file);
        if (table.header().size() != 4 || !table.header().subList(2, 4).equals(COLUMNS.subList(1, 3))) {
            throw B4jException.badInput("surface %s must start with the header X,Y,free_energy,stderr", file);
        }
        double[] xs = table.column(0);
        double[] ys = table.column(1);
        int ny = 1;
        while (ny < ys.length && xs[ny] == xs[0]) {
            ny++;
        }
        if (xs.length % ny != 0) {
            throw B4jException.badInput("surface %s has %d rows, not a full grid of %d cells per %s", file,
                    xs.length, ny, table.header().get(0));
        }
        int nx = xs.length / ny;
        double[] x = new double[nx];
        double[] y = Arrays.copyOf(ys, ny);
        double[][] f = new double[nx][ny];
        double[][] err = new double[nx][ny];
        for (int r = 0; r < xs.length; r++) {
            double[] row = table.rows().get(r);
            if (row.length != 4) {
                throw B4jException.badInput("surface %s line %d has %d fields, expected 4", file, r + 2, row.length);
            }
            x[r / ny] = row[0];
            f[r / ny][r % ny] = row[2];
            err[r / ny][r % ny] = row[3];
        }
        return new FreeEnergySurface(table.header().get(0), table.header().get(1), x, y, f, err);
    }
}
