package org.boltzmann4j.system;

import org.boltzmann4j.core.Parameters;

/**
 * A Boltzmann density over spin configurations s ∈ {-1, +1}^n stored as bytes. Subclasses give
 * U(s) and, for single-spin kernels, the change of U when one spin flips.
 */
public abstract class SpinSystem extends BoltzmannSystem<byte[]> {

    protected SpinSystem(String name, Parameters parameters) {
        super(name, parameters);
    }

    /** U(s with spin i flipped) - U(s). The default recomputes U twice; override it. */
    public double energyChange(byte[] s, int i) {
        double before = energy(s);
        s[i] = (byte) -s[i];
        double after = energy(s);
        s[i] = (byte) -s[i];
        return after - before;
    }

    /** U of n configurations stored row-major in {@code ss}. */
    public void energies(byte[] ss, int n, double[] out) {
        int d = dimension();
        byte[] s = new byte[d];
        for (int k = 0; k < n; k++) {
            System.arraycopy(ss, k * d, s, 0, d);
            out[k] = energy(s);
        }
    }

    /** All spins up. */
    @Override
    public byte[] newConfiguration() {
        byte[] s = new byte[dimension()];
        java.util.Arrays.fill(s, (byte) 1);
        return s;
    }
}
