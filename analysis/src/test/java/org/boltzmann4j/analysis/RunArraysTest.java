package org.boltzmann4j.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.boltzmann4j.analysis.io.Npy;
import org.boltzmann4j.sampler.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy files of a run read back by an independent minimal parser: same shapes, same bits, bounded size. */
class RunArraysTest {

    @TempDir
    Path dir;

    /** An array as a .npy reader sees it. */
    record Parsed(long[] shape, double[] values) {
    }

    /** A minimal .npy 1.0 reader: magic, version, header length, the header dict, little-endian float64 values. */
    static Parsed read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic);
        assertEquals(1, b.get());
        assertEquals(0, b.get());
        int headerLength = Short.toUnsignedInt(b.getShort());
        byte[] header = new byte[headerLength];
        b.get(header);
        String dict = new String(header, StandardCharsets.US_ASCII);
        assertEquals(0, (10 + headerLength) % 64, "data aligned to 64 bytes");
        assertTrue(dict.endsWith("\n") && dict.contains("'descr': '<f8'") && dict.contains("'fortran_order': False"),
                dict);
        Matcher m = Pattern.compile("'shape': \\(([0-9, ]*)\\)").matcher(dict);
        assertTrue(m.find(), dict);
        long[] shape = Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        double[] values = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(values);
        assertEquals(Arrays.stream(shape).reduce(1, (x, y) -> x * y), values.length, "values fill the shape");
        return new Parsed(shape, values);
    }

    private static double[][][] random(int observables, int chains, int length, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][][] t = new double[observables][chains][length];
        for (double[][] o : t) {
            for (double[] c : o) {
                for (int i = 0; i < length; i++) {
                    c[i] = rng.nextDouble(-1e3, 1e3) * Math.exp(rng.nextDouble(-30, 30));
                }
            }
        }
        return t;
    }

    @Test
    void tracesAndProposalsRoundTripBitForBit() throws IOException {
        double[][][] traces = random(2, 3, 5, 1);
        traces[0][1][2] = Double.NaN;
        traces[1][2][4] = Double.NEGATIVE_INFINITY;
        double[][] proposals = random(1, 1, 7, 2)[0];
        double[] u = random(1, 1, 7, 3)[0][0];
        double[] logq = random(1, 1, 7, 6)[0][0];
        double[] logw = new double[7];
        Arrays.setAll(logw, i -> -u[i] - logq[i]);
        double[][] chainLogWeights = random(1, 3, 4, 7)[0];
        RunRecord record = new RunRecord(List.of("phi_mid", "mean_phi"), traces, 4, null, Map.of(), Map.of(), 0, null,
                20, Map.of(), List.of(), null,
                new RunRecord.WeightedSamples(List.of("phi_mid"), proposals, logw, u, logq, chainLogWeights));
        RunArrays.write(dir, record);
        Parsed phi = read(dir.resolve("trace_phi_mid.npy"));
        assertArrayEquals(new long[] {3, 5}, phi.shape());
        for (int c = 0; c < 3; c++) {
            for (int t = 0; t < 5; t++) {
                assertEquals(Double.doubleToRawLongBits(traces[0][c][t]),
                        Double.doubleToRawLongBits(phi.values()[c * 5 + t]), "C order: chain " + c + ", draw " + t);
            }
        }
        assertArrayEquals(Arrays.stream(traces[1]).flatMapToDouble(Arrays::stream).toArray(),
                read(dir.resolve("trace_mean_phi.npy")).values());
        assertArrayEquals(phi.values(), Npy.read(dir.resolve("trace_phi_mid.npy")), "Npy.read reads it back");
        Parsed p = read(dir.resolve("proposals_phi_mid.npy"));
        assertArrayEquals(new long[] {7}, p.shape());
        assertArrayEquals(proposals[0], p.values());
        assertArrayEquals(logw, read(dir.resolve("proposals_log_weights.npy")).values());
        assertArrayEquals(u, read(dir.resolve("proposals_energies.npy")).values());
        assertArrayEquals(logq, read(dir.resolve("proposals_log_q.npy")).values());
        Parsed chains = read(dir.resolve("chain_log_weights.npy"));
        assertArrayEquals(new long[] {3, 4}, chains.shape());
        assertArrayEquals(Arrays.stream(chainLogWeights).flatMapToDouble(Arrays::stream).toArray(), chains.values());

        Map<String, Object> index = RunArrays.index(record);
        assertEquals(List.of("trace_phi_mid", "trace_mean_phi", "proposals_phi_mid", "proposals_log_weights",
                        "proposals_energies", "proposals_log_q", "chain_log_weights"),
                List.copyOf(index.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = (Map<String, Object>) index.get("trace_phi_mid");
        assertEquals("trace_phi_mid.npy", entry.get("file"));
        assertArrayEquals(new long[] {3, 5}, (long[]) entry.get("shape"));
        assertEquals(4L, entry.get("record_stride"));
        try (var files = Files.list(dir)) {
            assertTrue(files.allMatch(f -> RunReport.isArtifact(f.getFileName().toString())),
                    "--overwrite clears every array");
        }
    }

    @Test
    void largeWeightedRunsAreThinnedEvenlyWithinTheBound() throws IOException {
        int length = (int) (RunArrays.MAX_VALUES / 4) + 1000; // one chain, one observable, ln w, U and ln q
        double[][][] traces = random(1, 1, length, 4);
        double[][] uq = random(1, 2, length, 5)[0];
        double[] logw = new double[length];
        Arrays.setAll(logw, i -> -uq[0][i] - uq[1][i]);
        RunRecord record = new RunRecord(List.of("x"), traces, 2, logw, Map.of(), Map.of(), 0, null, length, Map.of(),
                List.of(), null, new RunRecord.WeightedSamples(List.of(), new double[0][], logw, uq[0], uq[1]));
        RunArrays.write(dir, record);
        Parsed x = read(dir.resolve("trace_x.npy"));
        Parsed w = read(dir.resolve("log_weights.npy"));
        Parsed u = read(dir.resolve("energies.npy"));
        Parsed q = read(dir.resolve("log_q.npy"));
        assertEquals(x.values().length, w.values().length);
        assertTrue(4 * x.values().length <= RunArrays.MAX_VALUES / 2 + 4, "bounded: " + x.values().length);
        assertArrayEquals(new long[] {1, (length + 2) / 3}, x.shape(), "thinned by 3");
        for (int i = 0; i < w.values().length; i++) {
            assertEquals(traces[0][0][3 * i], x.values()[i]);
            assertEquals(logw[3 * i], w.values()[i]);
            assertEquals(-u.values()[i] - q.values()[i], w.values()[i], "ln w = -U - ln q, the same draw");
        }
        try (var files = Files.list(dir)) {
            assertEquals(4, files.count(), "no proposals_ files for nis");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = (Map<String, Object>) RunArrays.index(record).get("log_weights");
        assertEquals(3L, entry.get("thin"));
        assertEquals(6L, entry.get("record_stride"));
    }
}
