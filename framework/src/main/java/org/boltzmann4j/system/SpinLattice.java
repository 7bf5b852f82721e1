package org.boltzmann4j.system;

import org.boltzmann4j.core.Parameters;

/**
 * An Ising-type spin system with nearest-neighbour couplings on a lattice given by a neighbour
 * table: U(s) = β H(s), H(s) = -J Σ_⟨ij⟩ s_i s_j - h Σ_i s_i.
 *
 * <p>The table lists, for every site i, its {@link #coordination()} neighbours at
 * {@code neighbours()[i * z + k]}. Every bond appears in the rows of both its ends, so
 * Σ_⟨ij⟩ s_i s_j = ½ Σ_i Σ_k s_i s_{n(i,k)}. A site listed twice in a row (the 2 × 2 torus, whose
 * left and right neighbours coincide) is joined by two bonds, as in the transfer-matrix (Kaufman)
 * convention.
 */
public abstract class SpinLattice extends SpinSystem {

    /** βJ at the critical point of the infinite square lattice, ln(1 + √2)/2. */
    public static final double SQUARE_BETA_CRITICAL = 0.5 * Math.log(1 + Math.sqrt(2));

    private final int[] neighbours;
    private final int coordination;
    private final double beta;
    private final double coupling;
    private final double field;

    /**
     * @param neighbours   flat table, sites × coordination (not copied: do not modify it)
     * @param coordination neighbours per site z
     * @param beta         inverse temperature β
     * @param coupling     J (ferromagnetic when positive)
     * @param field        h
     */
    protected SpinLattice(String name, Parameters parameters, int[] neighbours, int coordination,
                          double beta, double coupling, double field) {
        super(name, parameters);
        if (coordination < 1 || neighbours.length % coordination != 0) {
            throw new IllegalArgumentException("neighbour table length " + neighbours.length
                    + " is not a multiple of the coordination " + coordination);
        }
        this.neighbours = neighbours;
        this.coordination = coordination;
        this.beta = beta;
        this.coupling = coupling;
        this.field = field;
    }

    /** Neighbour table of the L × L square torus, z = 4, neighbours in the order right, down, left, up. */
    public static int[] squareTorus(int L) {
        int[] t = new int[L * L * 4];
        for (int y = 0; y < L; y++) {
            for (int x = 0; x < L; x++) {
                int i = y * L + x;
                t[4 * i] = y * L + (x + 1) % L;
                t[4 * i + 1] = ((y + 1) % L) * L + x;
                t[4 * i + 2] = y * L + (x + L - 1) % L;
                t[4 * i + 3] = ((y + L - 1) % L) * L + x;
            }
        }
        return t;
    }

    /** β as a number (the inherited {@link #beta()} gives it as an Optional). */
    public final double inverseTemperature() {
        return beta;
    }

    /** J. */
    public final double coupling() {
        return coupling;
    }

    /** h. */
    public final double field() {
        return field;
    }

    /** The neighbour table, sites × coordination; shared, read it only. */
    public final int[] neighbours() {
        return neighbours;
    }

    /** Neighbours per site z. */
    public final int coordination() {
        return coordination;
    }

    @Override
    public final int dimension() {
        return neighbours.length / coordination;
    }

    /** The same lattice at inverse temperature {@code newBeta}, every other parameter kept. */
    @Override
    public abstract SpinLattice atBeta(double newBeta);

    /** Σ_⟨ij⟩ s_i s_j, every bond once. */
    public final int bondSum(byte[] s) {
        int twice = 0;
        int z = coordination;
        for (int i = 0; i < s.length; i++) {
            int n = 0;
            for (int k = i * z, end = k + z; k < end; k++) {
                n += s[neighbours[k]];
            }
            twice += s[i] * n;
        }
        return twice / 2;
    }

    /** Σ_i s_i. */
    public static int magnetization(byte[] s) {
        int m = 0;
        for (byte v : s) {
            m += v;
        }
        return m;
    }

    /** H(s) = U(s)/β, in the units of J and h. */
    public final double hamiltonian(byte[] s) {
        return -coupling * bondSum(s) - field * magnetization(s);
    }

    @Override
    public final double energy(byte[] s) {
        return beta * hamiltonian(s);
    }

    /** Σ_k s_{n(i,k)}: the sum of the neighbour spins of site i. */
    public final int neighbourSum(byte[] s, int i) {
        int n = 0;
        for (int k = i * coordination, end = k + coordination; k < end; k++) {
            n += s[neighbours[k]];
        }
        return n;
    }

    /** The field acting on spin i, J Σ_k s_{n(i,k)} + h, so that H = -s_i · localField + (terms without s_i). */
    public final double localField(byte[] s, int i) {
        return coupling * neighbourSum(s, i) + field;
    }

    /** U(s with s_i flipped) - U(s) = 2 β s_i (J Σ_k s_{n(i,k)} + h), in O(z). */
    @Override
    public final double energyChange(byte[] s, int i) {
        return 2 * beta * s[i] * localField(s, i);
    }
}
