package org.boltzmann4j.system;

/** Common symmetry elements of continuous configurations. */
public final class Symmetries {

    private Symmetries() {
    }

    public static Symmetry<double[]> identity() {
        return Symmetry.of(SymmetryGroup.IDENTITY, (in, out) -> System.arraycopy(in, 0, out, 0, in.length));
    }

    /** x → -x. */
    public static Symmetry<double[]> signFlip() {
        return Symmetry.of(SymmetryGroup.SIGN_FLIP, (in, out) -> {
            for (int i = 0; i < in.length; i++) {
                out[i] = -in[i];
            }
        });
    }

    /** x_i → x_{d-1-i}. */
    public static Symmetry<double[]> mirror() {
        return Symmetry.of("mirror", (in, out) -> {
            int d = in.length;
            for (int i = 0; i < d; i++) {
                out[i] = in[d - 1 - i];
            }
        });
    }

    /** x_i → -x_{d-1-i}. */
    public static Symmetry<double[]> signFlipMirror() {
        return Symmetry.of("sign-flip+mirror", (in, out) -> {
            int d = in.length;
            for (int i = 0; i < d; i++) {
                out[i] = -in[d - 1 - i];
            }
        });
    }
}
