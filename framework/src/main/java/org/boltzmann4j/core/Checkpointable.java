package org.boltzmann4j.core;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A part of a run whose mutable state can be written to a checkpoint and read back, so that a
 * resumed run continues exactly where the checkpoint was taken. {@link #readState} reads what
 * {@link #writeState} wrote, in the same order, into an object built the same way.
 */
public interface Checkpointable {

    void writeState(DataOutput out) throws IOException;

    void readState(DataInput in) throws IOException;

    /** Writes a {@code double[]} or {@code byte[]} configuration, length first. */
    static void writeArray(DataOutput out, Object x) throws IOException {
        if (x instanceof double[] a) {
            out.writeInt(a.length);
            for (double v : a) {
                out.writeDouble(v);
            }
        } else if (x instanceof byte[] a) {
            out.writeInt(a.length);
            out.write(a);
        } else {
            throw new IllegalArgumentException("configurations are double[] or byte[], not " + x.getClass());
        }
    }

    /** Reads into {@code x} what {@link #writeArray} wrote from an array of the same type and length. */
    static void readArray(DataInput in, Object x) throws IOException {
        int n = in.readInt();
        if (x instanceof double[] a && n == a.length) {
            for (int i = 0; i < n; i++) {
                a[i] = in.readDouble();
            }
        } else if (x instanceof byte[] a && n == a.length) {
            in.readFully(a);
        } else {
            throw new IOException("checkpoint holds a configuration of length " + n + " that does not fit");
        }
    }
}
