package org.boltzmann4j.model.nn;

/**
 * tanh and exp over ranges of {@code double[]} arrays, written so that Java 17's JIT vectorizes
 * them: chunks copied into L1-sized scratch arrays, then branch-free passes small enough for C2's
 * superword optimization. exp(y) = (e^(y/128))^128, with the inner exponential from its [6/6]
 * Padé approximant (relative error below 5e-14 for |y| ≤ 40); tanh(x) = (u − 1)/(u + 1) with
 * u = exp(2x) and x clamped to ±20 (absolute error below 3e-14). About 1 ns per element, against
 * about 10 ns for a loop over {@link Math#tanh} or {@link Math#exp}. One instance holds scratch
 * space: not thread-safe.
 */
public final class Activations {

    private static final int CHUNK = 512;
    private static final double TANH_CLAMP = 20;
    // numerator of the [6/6] Padé approximant of e^r: E(r²) + r O(r²); the denominator is E − r O
    private static final double E0 = 1;
    private static final double E1 = 5.0 / 44;
    private static final double E2 = 1.0 / 792;
    private static final double E3 = 1.0 / 665280;
    private static final double O0 = 0.5;
    private static final double O1 = 1.0 / 66;
    private static final double O2 = 1.0 / 15840;

    private final double[] r = new double[CHUNK];
    private final double[] r2 = new double[CHUNK];
    private final double[] even = new double[CHUNK];
    private final double[] odd = new double[CHUNK];

    /** a[i] = tanh(a[i]) for i in [from, to). */
    public void tanh(double[] a, int from, int to) {
        double[] r = this.r;
        for (int start = from; start < to; start += CHUNK) {
            int m = Math.min(CHUNK, to - start);
            System.arraycopy(a, start, r, 0, m);
            for (int i = 0; i < m; i++) {
                r[i] = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, r[i])) * (2.0 / 128);
            }
            expOfReduced(m);
            for (int i = 0; i < m; i++) {
                double u = r[i];
                r[i] = (u - 1) / (u + 1);
            }
            System.arraycopy(r, 0, a, start, m);
        }
    }

    /**
     * The tanh of {@link #tanh(double[], int, int)} for one value, bit for bit (the same operations
     * in the same order), for callers that activate a few units at a time.
     */
    public static double tanh(double x) {
        double r = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x)) * (2.0 / 128);
        double r2 = r * r;
        double even = ((E3 * r2 + E2) * r2 + E1) * r2 + E0;
        double odd = ((O2 * r2 + O1) * r2 + O0) * r;
        double u = pow128((even + odd) / (even - odd));
        return (u - 1) / (u + 1);
    }

    /** u^128 by seven squarings. */
    private static double pow128(double u) {
        u *= u;
        u *= u;
        u *= u;
        u *= u;
        u *= u;
        u *= u;
        u *= u;
        return u;
    }

    /** a[i] = exp(a[i]) for i in [from, to); every |a[i]| must be at most 40. */
    public void exp(double[] a, int from, int to) {
        double[] r = this.r;
        for (int start = from; start < to; start += CHUNK) {
            int m = Math.min(CHUNK, to - start);
            System.arraycopy(a, start, r, 0, m);
            for (int i = 0; i < m; i++) {
                r[i] *= 1.0 / 128;
            }
            expOfReduced(m);
            System.arraycopy(r, 0, a, start, m);
        }
    }

    /** r = exp(128 r) on the first m entries, for |r| ≤ 0.3125. */
    private void expOfReduced(int m) {
        double[] r = this.r;
        double[] r2 = this.r2;
        double[] even = this.even;
        double[] odd = this.odd;
        for (int i = 0; i < m; i++) {
            double x = r[i];
            r2[i] = x * x;
        }
        for (int i = 0; i < m; i++) {
            double x = r2[i];
            even[i] = (E3 * x + E2) * x + E1;
        }
        for (int i = 0; i < m; i++) {
            even[i] = even[i] * r2[i] + E0;
        }
        for (int i = 0; i < m; i++) {
            double x = r2[i];
            odd[i] = (O2 * x + O1) * x + O0;
        }
        for (int i = 0; i < m; i++) {
            odd[i] *= r[i];
        }
        for (int i = 0; i < m; i++) {
            double e = even[i];
            double o = odd[i];
            r[i] = (e + o) / (e - o);
        }
        for (int i = 0; i < m; i++) {
            r[i] = pow128(r[i]);
        }
    }
}
