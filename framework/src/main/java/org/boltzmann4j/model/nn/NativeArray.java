package org.boltzmann4j.model.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A flat array in native memory, float64 or float32, that fused network kernels hand to BLAS GEMM
 * while doing their element-wise work in Java on {@code double[]} arrays: values cross the boundary
 * by bulk copies ({@link #write}, {@link #read}), converted when the array is float32.
 *
 * <p>GEMM goes straight to the OpenBLAS that ND4J's CPU backend uses (with the thread count ND4J
 * configured from {@code OMP_NUM_THREADS}); for these small matrices that saves ND4J's per-call
 * overhead, about 100 µs on a 256 × 128 × 128 product (half the product itself).
 */
public final class NativeArray {

    static {
        Nd4j.getBackend();
    }

    private final boolean float32;
    private final long length;
    private final Pointer pointer;
    private final float[] floats;
    /** Keeps the memory of a view's parent alive: views do not own their memory. */
    private final NativeArray owner;

    private NativeArray(boolean float32, long length, Pointer pointer, float[] floats, NativeArray owner) {
        this.float32 = float32;
        this.length = length;
        this.pointer = pointer;
        this.floats = floats;
        this.owner = owner;
    }

    /** A zero-filled array of {@code length} elements. */
    public static NativeArray allocate(int length, boolean float32) {
        Pointer p = float32 ? new FloatPointer((long) length) : new DoublePointer((long) length);
        p.zero();
        return new NativeArray(float32, length, p, float32 ? new float[length] : null, null);
    }

    /** The elements from {@code offset} on, sharing this array's memory. */
    public NativeArray view(int offset) {
        if (offset < 0 || offset > length) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside [0, " + length + "]");
        }
        Pointer p = float32
                ? new FloatPointer(pointer).position(pointer.position() + offset)
                : new DoublePointer(pointer).position(pointer.position() + offset);
        return new NativeArray(float32, length - offset, p, floats, owner == null ? this : owner);
    }

    /** Copies {@code src[from, from + count)} to this array's first {@code count} elements. */
    public void write(double[] src, int from, int count) {
        check(count);
        if (float32) {
            float[] f = floats;
            for (int i = 0; i < count; i++) {
                f[i] = (float) src[from + i];
            }
            ((FloatPointer) pointer).put(f, 0, count);
        } else {
            ((DoublePointer) pointer).put(src, from, count);
        }
    }

    /** Copies this array's first {@code count} elements to {@code dst[to, to + count)}. */
    public void read(double[] dst, int to, int count) {
        check(count);
        if (float32) {
            float[] f = floats;
            ((FloatPointer) pointer).get(f, 0, count);
            for (int i = 0; i < count; i++) {
                dst[to + i] = f[i];
            }
        } else {
            ((DoublePointer) pointer).get(dst, to, count);
        }
    }

    private void check(int count) {
        if (count < 0 || count > length) {
            throw new IndexOutOfBoundsException(count + " elements do not fit in " + length);
        }
    }

    /**
     * C = op(A) op(B) for row-major matrices, op(X) = X or Xᵀ; C is m × n, the inner dimension k.
     * All three arrays must have the same precision.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            NativeArray a, int lda, NativeArray b, int ldb, NativeArray c, int ldc) {
        if (a.float32 != c.float32 || b.float32 != c.float32) {
            throw new IllegalArgumentException("gemm operands of mixed precision");
        }
        int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (c.float32) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, 1f,
                    (FloatPointer) a.pointer, lda, (FloatPointer) b.pointer, ldb, 0f, (FloatPointer) c.pointer, ldc);
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, 1.0,
                    (DoublePointer) a.pointer, lda, (DoublePointer) b.pointer, ldb, 0.0, (DoublePointer) c.pointer, ldc);
        }
    }
}
