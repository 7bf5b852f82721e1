package org.boltzmann4j.sampler;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.system.Observable;

/**
 * Records observables of many chains in bounded memory. It keeps every {@code stride}-th step; when
 * full, it drops every other record and doubles the stride, so any run length fits and the kept
 * records stay evenly spaced. A checkpoint holds the kept records, the stride and the steps offered.
 */
public final class TraceRecorder<C> implements Checkpointable {

    private final List<Observable<C>> observables;
    private final int chains;
    private final int capacity;
    private final double[][][] data; // [observable][chain][record]
    private final TraceRecorder<C> labels; // the state label on sparser records, or null
    private double[] energies; // [record] U, for weighted samples only
    private double[] logDensities; // [record] ln q, for weighted samples only
    private int size;
    private long stride = 1;
    private long steps;

    public TraceRecorder(List<Observable<C>> observables, int chains, int capacity) {
        this(observables, chains, capacity, null);
    }

    private TraceRecorder(List<Observable<C>> observables, int chains, int capacity, Observable<C> label) {
        this.observables = List.copyOf(observables);
        this.chains = chains;
        this.capacity = capacity & ~1;
        this.data = new double[observables.size()][chains][this.capacity];
        this.labels = label == null ? null : new TraceRecorder<>(List.of(label), chains, LABELS_PER_CHAIN);
    }

    /**
     * Records of a system's state label ({@link org.boltzmann4j.system.BoltzmannSystem#stateLabel}) kept
     * per chain, on their own evenly spaced steps: a label may cost a quench, and the weights of a few
     * states need far fewer records than the traces do.
     */
    public static final int LABELS_PER_CHAIN = 256;

    /** Values a sampler records in all (observables × chains × records): 160 MB of doubles. */
    public static final long DEFAULT_VALUES = 20_000_000L;

    /** Memory-bounded recorder: about {@code maxValues} doubles in all. */
    public static <C> TraceRecorder<C> bounded(List<Observable<C>> observables, int chains, long maxValues) {
        return bounded(observables, chains, maxValues, null);
    }

    /** As above, recording also {@code label} (null: none) on {@value #LABELS_PER_CHAIN} records per chain. */
    public static <C> TraceRecorder<C> bounded(List<Observable<C>> observables, int chains, long maxValues,
                                               Observable<C> label) {
        long perChain = maxValues / Math.max(1, (long) chains * Math.max(1, observables.size()));
        int capacity = (int) Math.max(64, Math.min(1 << 20, perChain));
        return new TraceRecorder<>(observables, chains, capacity, label);
    }

    /** Offers the current configuration of every chain after one step; records it when due. */
    public void step(ConfigurationSource<C> source) {
        if (labels != null) {
            labels.step(source);
        }
        if (due()) {
            record(source);
        }
    }

    /**
     * Offers one importance-weighted sample x ~ q with its U and ln q (a recorder of one chain, e.g.
     * i.i.d. model samples), keeping U and ln q of exactly the samples it keeps ({@link #logWeights()}).
     */
    public void step(C sample, double energy, double logDensity) {
        if (due()) {
            if (energies == null) {
                energies = new double[capacity];
                logDensities = new double[capacity];
            }
            energies[size] = energy;
            logDensities[size] = logDensity;
            record(c -> sample);
        }
    }

    private boolean due() {
        long t = steps++;
        if (t % stride != 0) {
            return false;
        }
        if (size == capacity) {
            compact(); // t is a multiple of the doubled stride: capacity is even
        }
        return true;
    }

    private void record(ConfigurationSource<C> source) {
        for (int c = 0; c < chains; c++) {
            C x = source.configuration(c);
            for (int o = 0; o < observables.size(); o++) {
                data[o][c][size] = observables.get(o).value(x);
            }
        }
        size++;
    }

    /** The ln weights ln w = -U - ln q of the kept records, in order, or null when no weighted sample was offered. */
    public double[] logWeights() {
        if (energies == null) {
            return null;
        }
        double[] logw = new double[size];
        for (int i = 0; i < size; i++) {
            logw[i] = -energies[i] - logDensities[i];
        }
        return logw;
    }

    /** U of the kept weighted records, or null when no weighted sample was offered. */
    public double[] energies() {
        return energies == null ? null : Arrays.copyOf(energies, size);
    }

    /** ln q of the kept weighted records, or null when no weighted sample was offered. */
    public double[] logDensities() {
        return logDensities == null ? null : Arrays.copyOf(logDensities, size);
    }

    private void compact() {
        for (double[][] obs : data) {
            for (double[] chain : obs) {
                for (int i = 0; i < size / 2; i++) {
                    chain[i] = chain[2 * i];
                }
            }
        }
        if (energies != null) {
            for (int i = 0; i < size / 2; i++) {
                energies[i] = energies[2 * i];
                logDensities[i] = logDensities[2 * i];
            }
        }
        size /= 2;
        stride *= 2;
    }

    /** The state label's records so far, or null when it records none. */
    public RunRecord.StateLabels stateLabels() {
        return labels == null ? null
                : new RunRecord.StateLabels(labels.names().get(0), labels.traces()[0]);
    }

    /** Traces recorded so far, [observable][chain][record], copied. */
    public double[][][] traces() {
        double[][][] out = new double[data.length][chains][];
        for (int o = 0; o < data.length; o++) {
            for (int c = 0; c < chains; c++) {
                out[o][c] = Arrays.copyOf(data[o][c], size);
            }
        }
        return out;
    }

    /**
     * Mean of observable {@code o} over the records so far (weighted by ln w = -U - ln q for weighted
     * records) and a rough one-sigma error: the spread of the chain means over √chains, or, for one
     * chain, of {@value #RUNNING_BATCHES} batch means (the delta method for weighted records); null
     * before two records.
     */
    public double[] runningEstimate(int o) {
        if (size < 2) {
            return null;
        }
        if (energies != null) {
            double[] logw = logWeights();
            double max = Arrays.stream(logw).max().orElseThrow();
            double sw = 0;
            double swx = 0;
            for (int i = 0; i < size; i++) {
                double w = Math.exp(logw[i] - max);
                sw += w;
                swx += w * data[o][0][i];
            }
            double mean = swx / sw;
            double var = 0;
            for (int i = 0; i < size; i++) {
                double w = Math.exp(logw[i] - max) / sw;
                var += w * w * (data[o][0][i] - mean) * (data[o][0][i] - mean);
            }
            return new double[] {mean, Math.sqrt(var)};
        }
        int groups = chains > 1 ? chains : Math.min(RUNNING_BATCHES, size);
        int per = chains > 1 ? size : size / groups;
        double[] means = new double[groups];
        for (int g = 0; g < groups; g++) {
            double[] x = data[o][chains > 1 ? g : 0];
            int from = chains > 1 ? 0 : g * per;
            double sum = 0;
            for (int i = from; i < from + per; i++) {
                sum += x[i];
            }
            means[g] = sum / per;
        }
        double mean = Arrays.stream(means).average().orElseThrow();
        double var = Arrays.stream(means).map(m -> (m - mean) * (m - mean)).sum() / (groups - 1);
        return new double[] {mean, Math.sqrt(var / groups)};
    }

    /** Batches of a single chain's running estimate. */
    static final int RUNNING_BATCHES = 10;

    public List<String> names() {
        return observables.stream().map(Observable::name).toList();
    }

    /** Steps between two kept records. */
    public long stride() {
        return stride;
    }

    /** Steps offered so far. */
    public long stepsOffered() {
        return steps;
    }

    /** Gives the configuration of chain c. */
    @FunctionalInterface
    public interface ConfigurationSource<C> {
        C configuration(int chain);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(size);
        out.writeLong(stride);
        out.writeLong(steps);
        for (double[][] obs : data) {
            for (double[] chain : obs) {
                for (int i = 0; i < size; i++) {
                    out.writeDouble(chain[i]);
                }
            }
        }
        out.writeBoolean(energies != null);
        if (energies != null) {
            for (int i = 0; i < size; i++) {
                out.writeDouble(energies[i]);
                out.writeDouble(logDensities[i]);
            }
        }
        out.writeBoolean(labels != null);
        if (labels != null) {
            labels.writeState(out);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > capacity) {
            throw new IOException("checkpoint holds " + n + " records, more than this recorder keeps (" + capacity + ")");
        }
        size = n;
        stride = in.readLong();
        steps = in.readLong();
        for (double[][] obs : data) {
            for (double[] chain : obs) {
                for (int i = 0; i < size; i++) {
                    chain[i] = in.readDouble();
                }
            }
        }
        boolean weighted = in.readBoolean();
        energies = weighted ? new double[capacity] : null;
        logDensities = weighted ? new double[capacity] : null;
        if (weighted) {
            for (int i = 0; i < size; i++) {
                energies[i] = in.readDouble();
                logDensities[i] = in.readDouble();
            }
        }
        if (in.readBoolean() != (labels != null)) {
            throw new IOException("the checkpoint " + (labels == null ? "holds" : "lacks") + " state labels that "
                    + "this run " + (labels == null ? "does not record" : "records"));
        }
        if (labels != null) {
            labels.readState(in);
        }
    }
}
