package org.boltzmann4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.Observable;
import org.boltzmann4j.system.SpinSystem;
import org.boltzmann4j.system.Symmetry;
import org.boltzmann4j.system.SymmetryGroup;

/**
 * Test-only Ising model on a rows × cols torus: U = beta [-J Σ_(right, down bonds) s_i s_j - h Σ s_i].
 * Not final, so tests can add observables. Its symmetry group is translations × {identity, global flip} (exact when h = 0).
 */
public class TinyIsing extends SpinSystem {

    private final int rows;
    private final int cols;
    private final double beta;
    private final double field;

    public TinyIsing(int rows, int cols, double beta, double field) {
        super("tiny-ising", Parameters.of(Map.of("rows", rows, "cols", cols, "beta", beta, "h", field)));
        this.rows = rows;
        this.cols = cols;
        this.beta = beta;
        this.field = field;
    }

    @Override
    public int dimension() {
        return rows * cols;
    }

    private int right(int i) {
        return (i / cols) * cols + (i % cols + 1) % cols;
    }

    private int down(int i) {
        return (i + cols) % (rows * cols);
    }

    private int left(int i) {
        return (i / cols) * cols + (i % cols + cols - 1) % cols;
    }

    private int up(int i) {
        return (i - cols + rows * cols) % (rows * cols);
    }

    /** H/N without beta. */
    public double hamiltonianPerSite(byte[] s) {
        double bonds = 0;
        double m = 0;
        for (int i = 0; i < s.length; i++) {
            bonds += s[i] * (s[right(i)] + s[down(i)]);
            m += s[i];
        }
        return (-bonds - field * m) / s.length;
    }

    @Override
    public double energy(byte[] s) {
        return beta * hamiltonianPerSite(s) * s.length;
    }

    @Override
    public double energyChange(byte[] s, int i) {
        double local = s[right(i)] + s[left(i)] + s[up(i)] + s[down(i)];
        return 2 * beta * s[i] * (local + field);
    }

    @Override
    public List<Observable<byte[]>> observables() {
        return List.of(
                Observable.of("energy_per_site", this::hamiltonianPerSite),
                Observable.of("magnetization_per_site", s -> magnetization(s)),
                Observable.of("abs_magnetization_per_site", s -> Math.abs(magnetization(s))));
    }

    private static double magnetization(byte[] s) {
        double m = 0;
        for (byte b : s) {
            m += b;
        }
        return m / s.length;
    }

    @Override
    public SymmetryGroup<byte[]> symmetries() {
        List<Symmetry<byte[]>> elements = new ArrayList<>();
        for (int flip = 0; flip < 2; flip++) {
            for (int dr = 0; dr < rows; dr++) {
                for (int dc = 0; dc < cols; dc++) {
                    elements.add(translation(dr, dc, flip == 1));
                }
            }
        }
        // identity first, pure flip named as the framework expects
        return new SymmetryGroup<>(elements, field == 0);
    }

    private Symmetry<byte[]> translation(int dr, int dc, boolean flip) {
        String name = dr == 0 && dc == 0 ? (flip ? SymmetryGroup.SIGN_FLIP : SymmetryGroup.IDENTITY)
                : "translate(" + dr + "," + dc + ")" + (flip ? "+flip" : "");
        int sign = flip ? -1 : 1;
        return Symmetry.of(name, (in, out) -> {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[((r + dr) % rows) * cols + (c + dc) % cols] = (byte) (sign * in[r * cols + c]);
                }
            }
        });
    }
}
