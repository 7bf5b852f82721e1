package org.boltzmann4j.systems;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.GroupAction;
import org.boltzmann4j.system.Observable;
import org.boltzmann4j.system.OrderParameter;
import org.boltzmann4j.system.ParticlePermutations;
import org.boltzmann4j.system.ParticleSystem;
import org.boltzmann4j.system.ParticleRotations;

/**
 * A Lennard-Jones cluster of n identical particles in {@code dim} dimensions, held together by a
 * harmonic trap about its centre of mass:
 * U = β [ ε Σ_{i<j} ((r_m/r_ij)¹² − 2 (r_m/r_ij)⁶) + k/2 Σ_i |x_i − x_com|² ].
 * Configurations are n × dim coordinates, particle-major (x_0, y_0, z_0, x_1, ...).
 *
 * <p><b>Presets.</b> {@code preset=lj13} (n=13, dim=3), {@code lj55} (n=55, dim=3) and
 * {@code lj7-2d} (n=7, dim=2, k=1) set n and dim. A preset replaces n and dim left at their
 * defaults (13, 3); an explicit n or dim different both from its default and from the preset's
 * value is bad input. {@code preset=none} (default) takes n and dim as given.
 *
 * <p><b>Centre of mass.</b> U is invariant under translations of the whole cluster, so exp(−U) is
 * not normalisable over R^{n·dim}: the centre of mass performs a free random walk under any
 * sampler, unbounded in principle. Every observable here (energy, coordination moments) depends on
 * relative positions only, so estimates are unaffected; raw coordinates a sampler reports are not
 * meaningful without removing x_com. The trap (k) only confines the particles relative to x_com (it
 * keeps evaporated particles from escaping). For the same reason the Hessian at a minimum has
 * dim translational and dim(dim−1)/2 rotational zero modes: {@code LaplaceApproximation.at} finds no
 * positive definite Hessian and returns empty, so {@code flow-mcmc} falls back to its N(0, I) base.
 * An ln Z a sampler reports for this system is not a property of the cluster (Z is infinite): it
 * carries the arbitrary volume the model or chains gave the centre of mass; do not use it.
 *
 * <p><b>Order parameters.</b> c_i = Σ_{j≠i} s(r_ij) with the switching function of
 * Tribello, Ceriotti and Parrinello (PNAS 2010), s(r) = (1 − (r/r0)⁸)/(1 − (r/r0)¹⁶) =
 * 1/(1 + (r/r0)⁸), r0 = 1.5 r_m. For lj7-2d, {@code mu2} and {@code mu3} are the second and third
 * central moments of (c_1..c_n) (mean over particles). For lj13 and lj55, {@code mean_coordination}
 * is their mean: 7.88 at the LJ13 icosahedron, 7.0–7.1 at its next minima, below 7 in liquid-like
 * clusters (6.0 at β = 2). The global Steinhardt Q6 was rejected: over all bonds of the 13-particle
 * icosahedron (radial and surface) its l = 6 components nearly cancel (Q6 = 0.04, against 0.1–0.27
 * for disordered clusters), so it does not rank order.
 *
 * <p><b>Metastable states.</b> Local minima found by FIRE quenches from fixed-seed random starts
 * (64 starts of at most 4000 steps for n ≤ 8, four for n ≤ 20, one of at most 1500 above: LJ55 then
 * reaches a local minimum, not the Mackay icosahedron), distinct energies only, lowest first; computed
 * on first use, not at construction (LJ55: under 0.05 s once warm). For lj7-2d these are its four
 * isomers (U/β with the trap: −9.575 the hexagon, −8.067, −7.855, −7.349; the last one is reached from
 * about 4% of random starts, the 55th start here). For lj7-2d the system labels a configuration with
 * its isomer itself ({@link #stateLabel}, {@code isomer}): the one whose energy is nearest to that of
 * the minimum a quench from it reaches, so that thermally distorted hexagons count as hexagons.
 */
public final class LennardJones extends ContinuousSystem implements ParticleSystem {

    public static final String NAME = "lj";

    /** r0 of the coordination switching function, in units of r_m. */
    public static final double SWITCH_R0 = 1.5;

    public static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.integer("n", 13, 2, 10000, "number of particles"),
            ParameterSpec.integer("dim", 3, 2, 3, "spatial dimension"),
            ParameterSpec.real("beta", 1, 1e-6, 1e6, "1/energy", "inverse temperature β"),
            ParameterSpec.real("eps", 1, 1e-6, 1e6, "energy", "well depth ε"),
            ParameterSpec.real("rm", 1, 1e-6, 1e6, "length", "pair distance r_m of the minimum"),
            ParameterSpec.real("k", 1, 0, 1e6, "energy/length^2", "harmonic trap about the centre of mass"),
            ParameterSpec.choice("preset", "none", List.of("none", "lj13", "lj55", "lj7-2d"),
                    "sets n and dim (lj13: 13, 3; lj55: 55, 3; lj7-2d: 7, 2 with k=1); n or dim left at their "
                            + "defaults follow the preset, other values that differ are bad input"));

    private final int n;
    private final int dim;
    private final double beta;
    private final double eps;
    private final double rm;
    private final double rm2;
    private final double k;
    private final String preset;
    private List<double[]> states;
    private double[] stateEnergies; // U/β of the states, for the isomer label
    private LennardJones unitBeta;  // the label's quench runs on U/β, the same at every β

    /**
     * FIRE steps, at most, of the quench that labels an lj7-2d configuration with its isomer: from a time
     * step of 0.01 (at most 0.05) on U/β to an rms gradient of 10⁻³, about 100 gradients. Against quenches
     * of up to 4000 steps to 10⁻⁸ on 9 600 Metropolis snapshots at β = 4, 5 and 10 it gave the same isomer
     * every time at 0.4 of their cost; the nearest state in (μ₂, μ₃) without a quench missed 5.5% at β = 4.
     */
    static final int LABEL_QUENCH_STEPS = 400;

    public LennardJones(Parameters p) {
        this(p, resolvePreset(p));
    }

    private LennardJones(Parameters p, int[] nd) {
        super(NAME, p.with("n", nd[0]).with("dim", nd[1]));
        this.n = nd[0];
        this.dim = nd[1];
        this.beta = p.real("beta");
        this.eps = p.real("eps");
        this.rm = p.real("rm");
        this.rm2 = rm * rm;
        this.k = p.real("k");
        this.preset = p.text("preset");
    }

    private static int[] resolvePreset(Parameters p) {
        int n = p.integer("n");
        int dim = p.integer("dim");
        String preset = p.text("preset");
        int[] target = switch (preset) {
            case "lj13" -> new int[]{13, 3};
            case "lj55" -> new int[]{55, 3};
            case "lj7-2d" -> new int[]{7, 2};
            default -> null;
        };
        if (target == null) {
            return new int[]{n, dim};
        }
        List<String> conflicts = new ArrayList<>();
        if (n != 13 && n != target[0]) {
            conflicts.add("n=" + n);
        }
        if (dim != 3 && dim != target[1]) {
            conflicts.add("dim=" + dim);
        }
        if (!conflicts.isEmpty()) {
            throw B4jException.badInput("lj: preset=%s means n=%d, dim=%d, but %s was set; drop it or use "
                    + "preset=none", preset, target[0], target[1], String.join(" and ", conflicts));
        }
        if (preset.equals("lj7-2d") && p.real("k") != 1) {
            throw B4jException.badInput("lj: preset=lj7-2d means k=1, but k=%s was set; use preset=none", p.real("k"));
        }
        return target;
    }

    @Override
    public int particles() {
        return n;
    }

    @Override
    public int spatialDimension() {
        return dim;
    }

    @Override
    public int dimension() {
        return n * dim;
    }

    /** Particles on a simple cubic (square) grid of spacing r_m: finite energy, nothing overlapping. */
    @Override
    public double[] newConfiguration() {
        double[] x = new double[n * dim];
        int side = (int) Math.ceil(Math.pow(n, 1.0 / dim) - 1e-9);
        for (int p = 0; p < n; p++) {
            int q = p;
            for (int a = 0; a < dim; a++) {
                x[p * dim + a] = rm * (q % side);
                q /= side;
            }
        }
        return x;
    }

    @Override
    public double energy(double[] x) {
        return energy(x, 0);
    }

    private double energy(double[] x, int off) {
        double pair = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double r2 = 0;
                for (int a = 0; a < dim; a++) {
                    double d = x[off + i * dim + a] - x[off + j * dim + a];
                    r2 += d * d;
                }
                double s6 = rm2 / r2;
                s6 = s6 * s6 * s6;
                pair += s6 * s6 - 2 * s6;
            }
        }
        return beta * (eps * pair + 0.5 * k * spread(x, off));
    }

    /** Σ_i |x_i − x_com|². */
    private double spread(double[] x, int off) {
        double s = 0;
        for (int a = 0; a < dim; a++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double v = x[off + i * dim + a];
                sum += v;
                sq += v * v;
            }
            s += sq - sum * sum / n;
        }
        return s;
    }

    @Override
    public double energyAndGradient(double[] x, double[] g) {
        java.util.Arrays.fill(g, 0, n * dim, 0);
        double pair = 0;
        double[] d = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double r2 = 0;
                for (int a = 0; a < dim; a++) {
                    d[a] = x[i * dim + a] - x[j * dim + a];
                    r2 += d[a] * d[a];
                }
                double s6 = rm2 / r2;
                s6 = s6 * s6 * s6;
                pair += s6 * s6 - 2 * s6;
                // du/dr / r = 12 eps (s6 - s12) / r^2
                double f = beta * eps * 12 * (s6 - s6 * s6) / r2;
                for (int a = 0; a < dim; a++) {
                    g[i * dim + a] += f * d[a];
                    g[j * dim + a] -= f * d[a];
                }
            }
        }
        double[] com = centre(x);
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < dim; a++) {
                g[i * dim + a] += beta * k * (x[i * dim + a] - com[a]);
            }
        }
        return beta * (eps * pair + 0.5 * k * spread(x, 0));
    }

    private double[] centre(double[] x) {
        double[] com = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < dim; a++) {
                com[a] += x[i * dim + a];
            }
        }
        for (int a = 0; a < dim; a++) {
            com[a] /= n;
        }
        return com;
    }

    /** O(n): U after setting coordinate i to {@code value}, minus U. */
    @Override
    public double energyChange(double[] x, int i, double value) {
        int p = i / dim;
        int a = i % dim;
        double[] pos = new double[dim];
        System.arraycopy(x, p * dim, pos, 0, dim);
        pos[a] = value;
        return particleEnergyChange(x, p, pos);
    }

    /**
     * O(n); also the move of the {@code lj-metropolis} benchmark. One pass over the other particles
     * sums the pair energies at the old and the new position (each in the order of j, so the result
     * does not depend on the fusion) and the coordinate sums the trap's change needs; a missing third
     * coordinate (dim = 2) is 0 and adds exactly nothing.
     */
    @Override
    public double particleEnergyChange(double[] x, int p, double[] position) {
        boolean three = dim == 3;
        int po = p * dim;
        double ox = x[po];
        double oy = x[po + 1];
        double oz = three ? x[po + 2] : 0;
        double nx = position[0];
        double ny = position[1];
        double nz = three ? position[2] : 0;
        double eOld = 0;
        double eNew = 0;
        double sx = 0;
        double sy = 0;
        double sz = 0;
        for (int j = 0, o = 0; j < n; j++, o += dim) {
            double xj = x[o];
            double yj = x[o + 1];
            double zj = three ? x[o + 2] : 0;
            sx += xj;
            sy += yj;
            sz += zj;
            if (j == p) {
                continue;
            }
            double ax = ox - xj;
            double ay = oy - yj;
            double az = oz - zj;
            double bx = nx - xj;
            double by = ny - yj;
            double bz = nz - zj;
            double so = rm2 / (ax * ax + ay * ay + az * az);
            double sn = rm2 / (bx * bx + by * by + bz * bz);
            so = so * so * so;
            sn = sn * sn * sn;
            eOld += so * so - 2 * so;
            eNew += sn * sn - 2 * sn;
        }
        // Σ|x_i - com|² = Σ x_i² - |Σ x_i|²/n per axis
        double dSpread = spreadChange(ox, nx, sx) + spreadChange(oy, ny, sy) + (three ? spreadChange(oz, nz, sz) : 0);
        return beta * (eps * (eNew - eOld) + 0.5 * k * dSpread);
    }

    /** The change of Σ_i v_i² − (Σ_i v_i)²/n along one axis when one v moves from old to nw; sum = Σ_i v_i before. */
    private double spreadChange(double old, double nw, double sum) {
        if (old == nw) {
            return 0;
        }
        double sumNew = sum - old + nw;
        return nw * nw - old * old - (sumNew * sumNew - sum * sum) / n;
    }

    @Override
    public void energies(double[] xs, int count, double[] out) {
        int d = dimension();
        for (int c = 0; c < count; c++) {
            out[c] = energy(xs, c * d);
        }
    }

    /** Coordination numbers c_i = Σ_{j≠i} 1/(1 + (r_ij/r0)⁸), r0 = 1.5 r_m. */
    public double[] coordination(double[] x) {
        double[] c = new double[n];
        double r0sq = SWITCH_R0 * SWITCH_R0 * rm2;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double r2 = 0;
                for (int a = 0; a < dim; a++) {
                    double d = x[i * dim + a] - x[j * dim + a];
                    r2 += d * d;
                }
                double q = r2 / r0sq;
                q = q * q;
                double s = 1 / (1 + q * q);
                c[i] += s;
                c[j] += s;
            }
        }
        return c;
    }

    /** The m-th central moment of the coordination numbers. */
    public double coordinationMoment(double[] x, int m) {
        double[] c = coordination(x);
        double mean = 0;
        for (double v : c) {
            mean += v;
        }
        mean /= n;
        double s = 0;
        for (double v : c) {
            s += Math.pow(v - mean, m);
        }
        return s / n;
    }

    /** The mean coordination number (1/n) Σ_i c_i. */
    public double meanCoordination(double[] x) {
        double s = 0;
        for (double c : coordination(x)) {
            s += c;
        }
        return s / n;
    }

    @Override
    public List<OrderParameter<double[]>> orderParameters() {
        if (preset.equals("lj13")) {
            // icosahedron 7.88; the next quenched minima 7.04 and 7.10; liquid-like clusters below 7
            return List.of(new OrderParameter<>(Observable.of("mean_coordination", this::meanCoordination),
                    7.5, 0.15, 3, 8.5));
        }
        if (preset.equals("lj55")) {
            // quenched minima above 13.2 (a FIRE quench: 13.42); the liquid at beta = 2 about 11.7
            return List.of(new OrderParameter<>(Observable.of("mean_coordination", this::meanCoordination),
                    12.5, 0.3, 6, 14.5));
        }
        if (!preset.equals("lj7-2d")) {
            return List.of();
        }
        return List.of(
                // quenched minima at k=1: the hexagon at mu2 ≈ 0.64, the next ones at 0.76 and 0.94
                new OrderParameter<>(Observable.of("mu2", x -> coordinationMoment(x, 2)), 0.7, 0.04, 0, 1.5),
                new OrderParameter<>(Observable.of("mu3", x -> coordinationMoment(x, 3)), 0, 0.1, -1.5, 1.5));
    }

    @Override
    public List<Observable<double[]>> observables() {
        List<Observable<double[]>> obs = new ArrayList<>();
        obs.add(Observable.of("energy", x -> energy(x) / beta));
        for (OrderParameter<double[]> op : orderParameters()) {
            obs.add(op.observable());
        }
        return obs;
    }

    /** The centre of mass moves freely (U is translation invariant): Z is infinite. */
    @Override
    public boolean normalizable() {
        return false;
    }

    @Override
    public boolean translationInvariant() {
        return true;
    }

    /** Permutations of the identical particles times O(dim) rotations and reflections about x_com. */
    @Override
    public GroupAction<double[]> symmetryAction() {
        return GroupAction.product(ParticlePermutations.all(n, dim, true), new ParticleRotations(dim, true, true));
    }

    @Override
    public synchronized List<double[]> metastableStates() {
        if (states == null) {
            states = quenchedMinima(n <= 8 ? 64 : n <= 20 ? 4 : 1);
        }
        return states;
    }

    private List<double[]> quenchedMinima(int starts) {
        List<double[]> minima = new ArrayList<>();
        List<Double> energies = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(20261201L);
        for (int s = 0; s < starts; s++) {
            double[] x = quench(this, randomStart(rng), n <= 20 ? 4000 : 1500);
            double u = energy(x);
            boolean seen = false;
            for (double e : energies) {
                seen |= Math.abs(e - u) < 1e-6 * Math.max(1, Math.abs(u));
            }
            if (!seen) {
                int at = 0;
                while (at < energies.size() && energies.get(at) < u) {
                    at++;
                }
                energies.add(at, u);
                minima.add(at, x);
            }
        }
        return List.copyOf(minima);
    }

    /** lj7-2d: {@code isomer}, the index of the isomer a quench reaches ({@link #isomer}); else none. */
    @Override
    public Observable<double[]> stateLabel() {
        return preset.equals("lj7-2d") ? Observable.of("isomer", this::isomer) : null;
    }

    /**
     * The index in {@link #metastableStates()} of the state whose U/β is nearest to that of the minimum
     * a quench from x reaches ({@link #LABEL_QUENCH_STEPS}; x itself is left as it is).
     */
    public int isomer(double[] x) {
        LennardJones unit = unitBeta();
        double u = unit.energy(quench(unit, x.clone(), LABEL_QUENCH_STEPS, 0.01, 0.05, 1e-3));
        double[] minima = stateEnergies();
        int nearest = 0;
        for (int s = 1; s < minima.length; s++) {
            if (Math.abs(minima[s] - u) < Math.abs(minima[nearest] - u)) {
                nearest = s;
            }
        }
        return nearest;
    }

    private synchronized LennardJones unitBeta() {
        if (unitBeta == null) {
            unitBeta = beta == 1 ? this : new LennardJones(parameters().with("beta", 1.0));
        }
        return unitBeta;
    }

    private synchronized double[] stateEnergies() {
        if (stateEnergies == null) {
            stateEnergies = metastableStates().stream().mapToDouble(x -> energy(x) / beta).toArray();
        }
        return stateEnergies;
    }

    /** Particles uniform in a ball (disc) of the cluster's size, no pair closer than 0.8 r_m. */
    public double[] randomStart(SplittableRandom rng) {
        double radius = rm * 0.75 * Math.pow(n, 1.0 / dim);
        double[] x = new double[n * dim];
        for (int p = 0; p < n; p++) {
            for (int attempt = 0; ; attempt++) {
                double r2 = 0;
                for (int a = 0; a < dim; a++) {
                    x[p * dim + a] = radius * (2 * rng.nextDouble() - 1);
                    r2 += x[p * dim + a] * x[p * dim + a];
                }
                if (r2 > radius * radius) {
                    continue;
                }
                boolean ok = true;
                for (int j = 0; j < p && ok; j++) {
                    double d2 = 0;
                    for (int a = 0; a < dim; a++) {
                        double d = x[p * dim + a] - x[j * dim + a];
                        d2 += d * d;
                    }
                    ok = d2 > 0.64 * rm2;
                }
                if (ok || attempt > 1000) {
                    if (!ok) {
                        radius *= 1.1;
                    }
                    break;
                }
            }
        }
        return x;
    }

    /** FIRE minimisation (Bitzek et al. 2006) of U from x (modified in place, returned) to an rms gradient of 1e-8. */
    public static double[] quench(ContinuousSystem s, double[] x, int maxSteps) {
        return quench(s, x, maxSteps, 0.002, 0.02, 1e-8);
    }

    /**
     * FIRE from x (modified in place and returned): time step {@code dt0} at first, at most {@code dtMax},
     * until the rms gradient is below {@code tolerance} or after {@code maxSteps} steps.
     */
    static double[] quench(ContinuousSystem s, double[] x, int maxSteps, double dt0, double dtMax, double tolerance) {
        int d = x.length;
        double[] v = new double[d];
        double[] g = new double[d];
        double dt = dt0;
        double alpha = 0.1;
        int positive = 0;
        s.energyAndGradient(x, g);
        for (int step = 0; step < maxSteps; step++) {
            double pw = 0;
            double vn = 0;
            double fn = 0;
            for (int i = 0; i < d; i++) {
                pw -= g[i] * v[i];
                vn += v[i] * v[i];
                fn += g[i] * g[i];
            }
            if (fn < tolerance * tolerance * d) {
                break;
            }
            vn = Math.sqrt(vn);
            fn = Math.sqrt(fn);
            if (pw > 0) {
                for (int i = 0; i < d; i++) {
                    v[i] = (1 - alpha) * v[i] - alpha * vn * g[i] / fn;
                }
                if (++positive > 5) {
                    dt = Math.min(dt * 1.1, dtMax);
                    alpha *= 0.99;
                }
            } else {
                java.util.Arrays.fill(v, 0);
                positive = 0;
                dt *= 0.5;
                alpha = 0.1;
            }
            for (int i = 0; i < d; i++) {
                v[i] -= dt * g[i];
                x[i] += dt * v[i];
            }
            s.energyAndGradient(x, g);
        }
        return x;
    }

    @Override
    public LennardJones atBeta(double newBeta) {
        return new LennardJones(parameters().with("beta", newBeta));
    }
}
