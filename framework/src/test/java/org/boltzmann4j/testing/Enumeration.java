package org.boltzmann4j.testing;

import java.util.List;

import org.boltzmann4j.system.Observable;
import org.boltzmann4j.system.SpinSystem;

/** Test-only exact sums over all 2^D spin configurations (D ≤ 20). Configuration index bit i is site i up. */
public final class Enumeration {

    private final int d;
    private final double[] logWeights;
    private final double lnZ;

    public Enumeration(SpinSystem system) {
        d = system.dimension();
        logWeights = new double[1 << d];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < logWeights.length; c++) {
            logWeights[c] = -system.energy(configuration(c, d));
            max = Math.max(max, logWeights[c]);
        }
        double sum = 0;
        for (double lw : logWeights) {
            sum += Math.exp(lw - max);
        }
        lnZ = max + Math.log(sum);
    }

    public static byte[] configuration(int index, int d) {
        byte[] s = new byte[d];
        for (int i = 0; i < d; i++) {
            s[i] = (byte) (((index >> i) & 1) == 1 ? 1 : -1);
        }
        return s;
    }

    public static int index(byte[] xs, int offset, int d) {
        int c = 0;
        for (int i = 0; i < d; i++) {
            if (xs[offset + i] > 0) {
                c |= 1 << i;
            }
        }
        return c;
    }

    /** Every configuration, row-major. */
    public static byte[] all(int d) {
        byte[] xs = new byte[(1 << d) * d];
        for (int c = 0; c < (1 << d); c++) {
            System.arraycopy(configuration(c, d), 0, xs, c * d, d);
        }
        return xs;
    }

    public double lnZ() {
        return lnZ;
    }

    /** Exact Boltzmann probability of configuration index c. */
    public double probability(int c) {
        return Math.exp(logWeights[c] - lnZ);
    }

    public int states() {
        return logWeights.length;
    }

    /** Exact ⟨O⟩ and Var(O) of each observable: [observable][0 mean, 1 variance]. */
    public double[][] moments(List<Observable<byte[]>> observables) {
        double[][] out = new double[observables.size()][2];
        for (int o = 0; o < observables.size(); o++) {
            double m1 = 0;
            double m2 = 0;
            for (int c = 0; c < logWeights.length; c++) {
                double x = observables.get(o).value(configuration(c, d));
                m1 += probability(c) * x;
                m2 += probability(c) * x * x;
            }
            out[o][0] = m1;
            out[o][1] = m2 - m1 * m1;
        }
        return out;
    }
}
