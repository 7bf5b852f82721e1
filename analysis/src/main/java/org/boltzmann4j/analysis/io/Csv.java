package org.boltzmann4j.analysis.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.boltzmann4j.core.AtomicFiles;
import org.boltzmann4j.core.B4jException;

/** Numeric CSV files with one header line; empty cells are NaN, values are written exactly. */
public final class Csv {

    /**
     * A parsed file.
     *
     * @param header column names
     * @param rows   values (NaN where empty)
     */
    public record Table(List<String> header, List<double[]> rows) {

        public double[] column(int j) {
            return rows.stream().mapToDouble(r -> r[j]).toArray();
        }
    }

    private Csv() {
    }

    public static void write(Path file, List<String> header, List<double[]> rows) {
        StringBuilder b = new StringBuilder(String.join(",", header)).append('\n');
        for (double[] row : rows) {
            b.append(Arrays.stream(row).mapToObj(v -> Double.isFinite(v) ? Double.toString(v) : "")
                    .collect(Collectors.joining(","))).append('\n');
        }
        AtomicFiles.writeString(file, b.toString());
    }

    public static Table read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty()) {
                throw B4jException.badInput("%s is empty", file);
            }
            List<String> header = List.of(lines.get(0).split(",", -1));
            List<double[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                double[] row = new double[cells.length];
                for (int j = 0; j < cells.length; j++) {
                    row[j] = cells[j].isEmpty() ? Double.NaN : Double.parseDouble(cells[j]);
                }
                rows.add(row);
            }
            return new Table(header, rows);
        } catch (IOException | NumberFormatException e) {
            throw B4jException.badInput("cannot read %s: %s", file, e.getMessage());
        }
    }
}
