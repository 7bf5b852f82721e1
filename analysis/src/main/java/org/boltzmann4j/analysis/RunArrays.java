package org.boltzmann4j.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import org.boltzmann4j.analysis.io.Npy;
import org.boltzmann4j.sampler.RunRecord;

/**
 * A run's records as NumPy arrays beside its CSV files, for Python (numpy.load, ArviZ):
 * {@code trace_X.npy} (chains × draws, production) for every observable X; for importance-weighted
 * runs (nis: one chain of draws x ~ q) {@code log_weights.npy}, {@code energies.npy} (U) and
 * {@code log_q.npy} (ln q) of those draws; and for the frozen model's production proposals of chain
 * samplers {@code proposals_X.npy} (the primary order parameter) with {@code proposals_log_weights.npy}
 * (ln w = -U - ln q), {@code proposals_energies.npy} and {@code proposals_log_q.npy}, and, where the
 * chains' states were kept to bridge to them ({@link RunRecord.WeightedSamples#chainLogWeights()}),
 * {@code chain_log_weights.npy} (chains × records: ln w of each chain's state before a cycle's
 * proposals). Each family (traces, proposals with the chains' ln w) is thinned evenly to at most
 * {@link #MAX_VALUES}/2 doubles in all; {@link #index} names every file
 * with its shape and thinning for results.json. Umbrella runs, whose chains sample biased systems,
 * write no traces.
 */
public final class RunArrays {

    /** Doubles written in all, at most: 32 MB. */
    static final long MAX_VALUES = 1L << 22;

    static final String TRACE_PREFIX = RunPlots.TRACE_PREFIX;
    static final String PROPOSALS_PREFIX = "proposals_";
    static final String LOG_WEIGHTS = "log_weights";
    static final String ENERGIES = "energies";
    static final String LOG_Q = "log_q";
    static final String CHAIN_LOG_WEIGHTS = "chain_log_weights";
    static final String SUFFIX = ".npy";

    private RunArrays() {
    }

    /**
     * One array: its name (the file without .npy), shape, the thinning of the record's draws, and its values.
     *
     * @param thin   one draw stored for every {@code thin} of the record
     * @param stride offered records between two stored draws (the record's stride times thin), or 0 where unknown
     */
    private record Array(String name, long[] shape, long thin, long stride, IntToDoubleFunction value) {
    }

    /** The arrays results.json names: {@code {"trace_X": {"file", "shape", "thin", "record_stride"}, ...}}. */
    public static Map<String, Object> index(RunRecord record) {
        Map<String, Object> index = new LinkedHashMap<>();
        for (Array a : arrays(record)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", a.name() + SUFFIX);
            entry.put("shape", a.shape());
            entry.put("dtype", "float64");
            entry.put("thin", a.thin());
            if (a.stride() > 0) {
                entry.put("record_stride", a.stride());
            }
            index.put(a.name(), entry);
        }
        return index;
    }

    /** Writes every array of {@link #index} into {@code dir}. */
    static void write(Path dir, RunRecord record) {
        for (Array a : arrays(record)) {
            long n = 1;
            for (long s : a.shape()) {
                n *= s;
            }
            double[] values = new double[(int) n];
            for (int i = 0; i < values.length; i++) {
                values[i] = a.value().applyAsDouble(i);
            }
            Npy.write(dir.resolve(a.name() + SUFFIX), values, a.shape());
        }
    }

    /** True for the name of a file {@link #write} writes. */
    static boolean owns(String fileName) {
        return fileName.endsWith(SUFFIX) && (fileName.startsWith(TRACE_PREFIX) || fileName.startsWith(PROPOSALS_PREFIX)
                || fileName.equals(LOG_WEIGHTS + SUFFIX) || fileName.equals(ENERGIES + SUFFIX)
                || fileName.equals(LOG_Q + SUFFIX) || fileName.equals(CHAIN_LOG_WEIGHTS + SUFFIX));
    }

    private static List<Array> arrays(RunRecord record) {
        List<Array> arrays = new ArrayList<>();
        double[][][] traces = record.traces();
        int chains = traces.length == 0 ? 0 : traces[0].length;
        int length = chains == 0 ? 0 : traces[0][0].length;
        RunRecord.WeightedSamples draws = record.proposals();
        boolean proposals = draws != null && !draws.observableNames().isEmpty() && draws.logWeights() != null
                && draws.logWeights().length > 0;
        if (record.umbrella() == null && length > 0) {
            Map<String, double[]> columns = new LinkedHashMap<>(); // per record of a weighted run
            if (record.logWeights() != null) {
                columns.put(LOG_WEIGHTS, record.logWeights());
                if (draws != null && !proposals) {
                    columns.put(ENERGIES, draws.energies());
                    columns.put(LOG_Q, draws.logDensities());
                }
            }
            int thin = thinning(((long) traces.length * chains + columns.size()) * length);
            int kept = kept(length, thin);
            long stride = record.stride() * thin;
            for (int o = 0; o < traces.length; o++) {
                double[][] obs = traces[o];
                arrays.add(new Array(TRACE_PREFIX + record.observableNames().get(o), new long[] {chains, kept}, thin,
                        stride, i -> obs[i / kept][(i % kept) * thin]));
            }
            columns.forEach((name, values) -> arrays.add(column(name, values, thin, stride)));
        }
        if (proposals) {
            Map<String, double[]> columns = new LinkedHashMap<>();
            for (int o = 0; o < draws.values().length; o++) {
                columns.put(draws.observableNames().get(o), draws.values()[o]);
            }
            columns.put(LOG_WEIGHTS, draws.logWeights());
            columns.put(ENERGIES, draws.energies());
            columns.put(LOG_Q, draws.logDensities());
            double[][] chainLogWeights = draws.chainLogWeights();
            int records = chainLogWeights == null ? 0 : chainLogWeights[0].length;
            int thin = thinning((long) columns.size() * draws.logWeights().length
                    + (chainLogWeights == null ? 0 : (long) chainLogWeights.length * records));
            columns.forEach((name, values) -> arrays.add(column(PROPOSALS_PREFIX + name, values, thin, 0)));
            if (records > 0) {
                int kept = kept(records, thin);
                arrays.add(new Array(CHAIN_LOG_WEIGHTS, new long[] {chainLogWeights.length, kept}, thin, 0,
                        i -> chainLogWeights[i / kept][(i % kept) * thin]));
            }
        }
        return arrays;
    }

    private static Array column(String name, double[] values, int thin, long stride) {
        return new Array(name, new long[] {kept(values.length, thin)}, thin, stride, i -> values[i * thin]);
    }

    /** Keep one draw in every returned number so that a family of {@code values} doubles fits its half of the bound. */
    private static int thinning(long values) {
        return (int) Math.max(1, (values + MAX_VALUES / 2 - 1) / (MAX_VALUES / 2));
    }

    private static int kept(int length, int thin) {
        return (length + thin - 1) / thin;
    }
}
