package org.boltzmann4j.analysis.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.boltzmann4j.analysis.io.Csv;
import org.boltzmann4j.core.B4jException;

/** Reads and writes profiles as CSV with the header {@code x,free_energy,stderr}; empty cells are NaN. */
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
}
