package org.boltzmann4j.analysis.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** In-place radix-2 complex FFT on split real and imaginary arrays (the length a power of two). */
final class Fft {

    /** cos and sin of 2 pi k / n, k < n/2, by transform length. */
    private static final Map<Integer, double[][]> TWIDDLES = new ConcurrentHashMap<>();

    private Fft() {
    }

    /** Forward transform, X_k = sum_j x_j exp(-2 pi i jk/n). */
    static void forward(double[] re, double[] im) {
        transform(re, im, -1);
    }

    /** Unnormalized inverse transform, x_j = sum_k X_k exp(+2 pi i jk/n). */
    static void inverse(double[] re, double[] im) {
        transform(re, im, 1);
    }

    /** The smallest power of two that is at least n. */
    static int paddedLength(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    private static void transform(double[] re, double[] im, int sign) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) { // bit-reversal permutation
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        double[][] twiddle = TWIDDLES.computeIfAbsent(n, Fft::twiddles);
        double[] cos = twiddle[0];
        double[] sin = twiddle[1];
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int step = n / len;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sign * sin[k * step];
                    int p = start + k;
                    int q = p + half;
                    double xr = re[q] * wr - im[q] * wi;
                    double xi = re[q] * wi + im[q] * wr;
                    re[q] = re[p] - xr;
                    im[q] = im[p] - xi;
                    re[p] += xr;
                    im[p] += xi;
                }
            }
        }
    }

    private static double[][] twiddles(int n) {
        double[][] t = new double[2][n / 2];
        for (int k = 0; k < n / 2; k++) {
            t[0][k] = Math.cos(2 * Math.PI * k / n);
            t[1][k] = Math.sin(2 * Math.PI * k / n);
        }
        return t;
    }
}
