package org.boltzmann4j.model.flow;

import java.util.Arrays;
import java.util.random.RandomGenerator;

import org.boltzmann4j.model.nn.NativeArray;

/**
 * A 3 × 3 convolution of a field on a rows × cols torus (circular padding), as im2col + BLAS GEMM:
 * out(x, o) = b_o + Σ_{τ, c} W_{o,(τ, c)} in(x + τ, c), one weight per offset τ and channel pair at
 * every site, so it commutes with every translation of the torus. Fields are row-major
 * (configuration, site, channel); the output is evaluated at a given list of sites only. Batches
 * are cut into chunks whose im2col rows fit the {@link Workspace}.
 */
final class CircularConv {

    /** Kernel offsets: 3 × 3. */
    static final int TAPS = 9;

    private final int d;
    private final int cin;
    private final int cout;
    private final int width;
    private final int[] taps;
    private final int[] sites;
    private final double[] params;
    private final double[] gradient;
    private final int w;
    private final int b;
    private final NativeArray weight;

    /**
     * @param taps    taps[TAPS i + τ]: the site at offset τ of the kernel centred at site i ({@link #taps(int, int)})
     * @param sites   the output sites, in output order
     * @param offset  where W (cout × 9 cin, row-major, input index τ cin + c) and then b (cout) start in params
     * @param weights the native copy of params, from index 0
     */
    CircularConv(int d, int cin, int cout, int[] taps, int[] sites, double[] params, double[] gradient,
                 NativeArray weights, int offset) {
        this.d = d;
        this.cin = cin;
        this.cout = cout;
        this.width = TAPS * cin;
        this.taps = taps;
        this.sites = sites;
        this.params = params;
        this.gradient = gradient;
        this.w = offset;
        this.b = offset + cout * width;
        this.weight = weights.view(offset);
    }

    static int parameterCount(int cin, int cout) {
        return cout * TAPS * cin + cout;
    }

    /** taps[9 i + 3 (dy + 1) + dx + 1] = the site (x + dx, y + dy) mod (cols, rows) for site i = y cols + x. */
    static int[] taps(int rows, int cols) {
        int[] t = new int[TAPS * rows * cols];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                int i = y * cols + x;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        t[TAPS * i + 3 * (dy + 1) + dx + 1] = Math.floorMod(y + dy, rows) * cols
                                + Math.floorMod(x + dx, cols);
                    }
                }
            }
        }
        return t;
    }

    /** W ~ N(0, 1/(9 cin)) (or zero), b = 0. */
    void initialize(RandomGenerator rng, boolean zero) {
        for (int i = 0; i < cout * width; i++) {
            params[w + i] = zero ? 0 : rng.nextGaussian() / Math.sqrt(width);
        }
        Arrays.fill(params, b, b + cout, 0);
    }

    /** out[(k |S| + j) cout + o] for n configurations of in (n × d × cin). */
    void forward(double[] in, int n, double[] out, Workspace ws) {
        int ns = sites.length;
        for (int k0 = 0; k0 < n; k0 += ws.chunk) {
            int rows = Math.min(ws.chunk, n - k0) * ns;
            im2col(in, k0, rows / ns, ws.cols);
            ws.colsNative.write(ws.cols, 0, rows * width);
            NativeArray.gemm(false, true, rows, cout, width, ws.colsNative, width, weight, width, ws.out, cout);
            ws.out.read(out, k0 * ns * cout, rows * cout);
        }
        for (int r = 0, end = n * ns; r < end; r++) {
            for (int o = 0; o < cout; o++) {
                out[r * cout + o] += params[b + o];
            }
        }
    }

    /**
     * From gOut = ∂L/∂out: writes ∂L/∂W and ∂L/∂b into the gradient and, when gIn is not null,
     * ∂L/∂in (n × d × cin) into gIn.
     */
    void backward(double[] in, double[] gOut, int n, double[] gIn, Workspace ws) {
        int ns = sites.length;
        Arrays.fill(gradient, w, b + cout, 0);
        for (int r = 0, end = n * ns; r < end; r++) {
            for (int o = 0; o < cout; o++) {
                gradient[b + o] += gOut[r * cout + o];
            }
        }
        double[] dw = ws.weightGradient;
        for (int k0 = 0; k0 < n; k0 += ws.chunk) {
            int nc = Math.min(ws.chunk, n - k0);
            int rows = nc * ns;
            im2col(in, k0, nc, ws.cols);
            ws.colsNative.write(ws.cols, 0, rows * width);
            ws.gradOut.write(gOut, k0 * ns * cout, rows * cout);
            NativeArray.gemm(true, false, cout, width, rows, ws.gradOut, cout, ws.colsNative, width,
                    ws.weightGradientNative, width);
            ws.weightGradientNative.read(dw, 0, cout * width);
            for (int i = 0; i < cout * width; i++) {
                gradient[w + i] += dw[i];
            }
            if (gIn != null) {
                NativeArray.gemm(false, false, rows, width, cout, ws.gradOut, cout, weight, width, ws.colsNative, width);
                ws.colsNative.read(ws.cols, 0, rows * width);
                col2im(ws.cols, k0, nc, gIn);
            }
        }
    }

    /** Rows (k, j) of the kernel's inputs at site S_j of configuration k0 + k, for nc configurations. */
    private void im2col(double[] in, int k0, int nc, double[] cols) {
        int ns = sites.length;
        for (int k = 0; k < nc; k++) {
            int src = (k0 + k) * d;
            for (int j = 0; j < ns; j++) {
                int row = (k * ns + j) * width;
                int centre = TAPS * sites[j];
                if (cin == 1) {
                    for (int t = 0; t < TAPS; t++) {
                        cols[row + t] = in[src + taps[centre + t]];
                    }
                } else {
                    for (int t = 0; t < TAPS; t++) {
                        System.arraycopy(in, (src + taps[centre + t]) * cin, cols, row + t * cin, cin);
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: gIn of configurations k0 .. k0 + nc = Σ of the rows over the sites they read. */
    private void col2im(double[] cols, int k0, int nc, double[] gIn) {
        int ns = sites.length;
        Arrays.fill(gIn, k0 * d * cin, (k0 + nc) * d * cin, 0);
        for (int k = 0; k < nc; k++) {
            int dst = (k0 + k) * d;
            for (int j = 0; j < ns; j++) {
                int row = (k * ns + j) * width;
                int centre = TAPS * sites[j];
                for (int t = 0; t < TAPS; t++) {
                    int at = (dst + taps[centre + t]) * cin;
                    int from = row + t * cin;
                    for (int c = 0; c < cin; c++) {
                        gIn[at + c] += cols[from + c];
                    }
                }
            }
        }
    }

    /** Buffers shared by the convolutions of a flow: one chunk of im2col rows and the GEMM operands. */
    static final class Workspace {
        /** Largest im2col chunk, in elements (16 MB in float64). */
        private static final int CHUNK_ELEMENTS = 1 << 21;

        final int chunk;
        final double[] cols;
        final double[] weightGradient;
        final NativeArray colsNative;
        final NativeArray out;
        final NativeArray gradOut;
        final NativeArray weightGradientNative;

        /**
         * @param n        largest batch
         * @param d        sites
         * @param maxCin   most input channels of any convolution
         * @param maxCout  most output channels of any convolution
         */
        Workspace(int n, int d, int maxCin, int maxCout, boolean float32) {
            int perConfiguration = d * TAPS * maxCin;
            this.chunk = Math.max(1, Math.min(n, CHUNK_ELEMENTS / perConfiguration));
            this.cols = new double[chunk * perConfiguration];
            this.weightGradient = new double[maxCout * TAPS * maxCin];
            this.colsNative = NativeArray.allocate(chunk * perConfiguration, float32);
            this.out = NativeArray.allocate(chunk * d * maxCout, float32);
            this.gradOut = NativeArray.allocate(chunk * d * maxCout, float32);
            this.weightGradientNative = NativeArray.allocate(maxCout * TAPS * maxCin, float32);
        }
    }
}
