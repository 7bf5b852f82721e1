package org.boltzmann4j.system;

/**
 * The 16 L² maps x → ±x∘g of a field on the L × L square torus (site i = y L + x), g a translation
 * composed with one of the 8 point operations of the square, for spins and for real fields alike.
 * Element k = 2(8t + p) + f with t = dy L + dx the translation, p the point operation and f the
 * sign flip; its name joins the non-trivial parts with '+', e.g. {@code sign-flip+rot90+shift(1,0)};
 * the pure flip is {@link SymmetryGroup#SIGN_FLIP}.
 */
public final class SquareTorusGroup {

    private static final String[] POINT_NAMES =
            {"", "rot90", "rot180", "rot270", "mirror-x", "mirror-y", "transpose", "antitranspose"};

    private SquareTorusGroup() {
    }

    /** The group on ±1 spins. */
    public static SymmetryGroup<byte[]> spins(int L, boolean exact) {
        return SymmetryGroup.generated(16 * L * L, k -> new Element<byte[]>(L, k, (in, i, out, j, flip) ->
                out[j] = flip ? (byte) -in[i] : in[i]), exact);
    }

    /** The group on real fields. */
    public static SymmetryGroup<double[]> fields(int L, boolean exact) {
        return SymmetryGroup.generated(16 * L * L, k -> new Element<double[]>(L, k, (in, i, out, j, flip) ->
                out[j] = flip ? -in[i] : in[i]), exact);
    }

    /** Writes in[i], sign-flipped if asked, to out[j]. */
    private interface Mover<C> {
        void move(C in, int i, C out, int j, boolean flip);
    }

    /** Group element k: flip f = k mod 2, point operation p = (k/2) mod 8, translation t = k/16. */
    private static final class Element<C> implements Symmetry<C> {
        private final int n;
        private final boolean flip;
        private final int p;
        private final int dx;
        private final int dy;
        private final Mover<C> mover;

        Element(int n, int k, Mover<C> mover) {
            this.n = n;
            this.flip = (k & 1) == 1;
            this.p = (k >> 1) % 8;
            int t = (k >> 1) / 8;
            this.dx = t % n;
            this.dy = t / n;
            this.mover = mover;
        }

        /** Built on demand: large groups are scanned by name without keeping every string. */
        @Override
        public String name() {
            boolean shifted = dx != 0 || dy != 0;
            if (p == 0 && !shifted) {
                return flip ? SymmetryGroup.SIGN_FLIP : SymmetryGroup.IDENTITY;
            }
            StringBuilder b = new StringBuilder(flip ? SymmetryGroup.SIGN_FLIP : "");
            if (p != 0) {
                b.append(b.length() > 0 ? "+" : "").append(POINT_NAMES[p]);
            }
            if (shifted) {
                b.append(b.length() > 0 ? "+" : "").append("shift(").append(dx).append(',').append(dy).append(')');
            }
            return b.toString();
        }

        /** The point operation, then the translation. */
        @Override
        public void apply(C in, C out) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    int u;
                    int v;
                    switch (p) {
                        case 0 -> { u = x; v = y; }
                        case 1 -> { u = n - 1 - y; v = x; }
                        case 2 -> { u = n - 1 - x; v = n - 1 - y; }
                        case 3 -> { u = y; v = n - 1 - x; }
                        case 4 -> { u = n - 1 - x; v = y; }
                        case 5 -> { u = x; v = n - 1 - y; }
                        case 6 -> { u = y; v = x; }
                        default -> { u = n - 1 - y; v = n - 1 - x; }
                    }
                    mover.move(in, y * n + x, out, ((v + dy) % n) * n + (u + dx) % n, flip);
                }
            }
        }
    }
}
