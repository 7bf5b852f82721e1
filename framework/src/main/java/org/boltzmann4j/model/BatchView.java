package org.boltzmann4j.model;

/**
 * How single configurations C sit inside a row-major batch B, so that code written once over
 * configurations (symmetry actions, observables) can work on batches of either kind.
 */
public interface BatchView<C, B> {

    /** A batch of n configurations of dimension d. */
    B allocate(int n, int d);

    /** Copies configuration k of the batch into {@code into} and returns it. */
    C get(B batch, int k, C into);

    /** Copies {@code from} into slot k of the batch. */
    void put(B batch, int k, C from);

    /** Batches of {@code double[]} configurations. */
    BatchView<double[], double[]> REAL = new BatchView<>() {
        @Override
        public double[] allocate(int n, int d) {
            return new double[n * d];
        }

        @Override
        public double[] get(double[] batch, int k, double[] into) {
            System.arraycopy(batch, k * into.length, into, 0, into.length);
            return into;
        }

        @Override
        public void put(double[] batch, int k, double[] from) {
            System.arraycopy(from, 0, batch, k * from.length, from.length);
        }
    };

    /** Batches of {@code byte[]} spin configurations. */
    BatchView<byte[], byte[]> SPIN = new BatchView<>() {
        @Override
        public byte[] allocate(int n, int d) {
            return new byte[n * d];
        }

        @Override
        public byte[] get(byte[] batch, int k, byte[] into) {
            System.arraycopy(batch, k * into.length, into, 0, into.length);
            return into;
        }

        @Override
        public void put(byte[] batch, int k, byte[] from) {
            System.arraycopy(from, 0, batch, k * from.length, from.length);
        }
    };
}
