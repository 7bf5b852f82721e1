package org.boltzmann4j.analysis.profile;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.boltzmann4j.core.B4jException;

/** Reads and writes profiles as CSV with the header {@code x,free_energy,stderr}; missing values are NaN. */
public final class ProfileCsv {

    /** The header line. */
    public static final String HEADER = "x,free_energy,stderr";

    private ProfileCsv() {
    }

    public static void write(Path file, Profile profile) {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(HEADER);
            out.newLine();
            for (int b = 0; b < profile.size(); b++) {
                out.write(profile.x()[b] + "," + profile.freeEnergy()[b] + "," + profile.stderr()[b]);
                out.newLine();
            }
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot write profile %s: %s", file, e.getMessage());
        }
    }

    public static Profile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot read profile %s: %s", file, e.getMessage());
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw B4jException.badInput("profile %s must start with the header %s", file, HEADER);
        }
        List<String> rows = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
        double[][] columns = new double[3][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String[] cells = rows.get(r).split(",");
            if (cells.length != 3) {
                throw B4jException.badInput("profile %s line %d has %d fields, expected 3", file, r + 2, cells.length);
            }
            for (int k = 0; k < 3; k++) {
                try {
                    columns[k][r] = Double.parseDouble(cells[k].strip());
                } catch (NumberFormatException e) {
                    throw B4jException.badInput("profile %s line %d: '%s' is not a number", file, r + 2, cells[k]);
                }
            }
        }
        return new Profile(columns[0], columns[1], columns[2]);
    }
}
