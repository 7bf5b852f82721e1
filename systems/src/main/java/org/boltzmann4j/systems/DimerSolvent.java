package org.boltzmann4j.systems;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.CollectiveVariable;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.ExactReference;
import org.boltzmann4j.system.GroupAction;
import org.boltzmann4j.system.Observable;
import org.boltzmann4j.system.OrderParameter;
import org.boltzmann4j.system.ParticlePermutations;
import org.boltzmann4j.system.ParticleSystem;
import org.boltzmann4j.system.Symmetries;
import org.boltzmann4j.system.Symmetry;
import org.boltzmann4j.system.SymmetryGroup;
import org.boltzmann4j.systems.exact.DimerExact;

/**
 * The dimer in a repulsive solvent of Noé, Olsson, Köhler and Wu (Science 2019), in 2D and reduced
 * units: particles 0 and 1 form the dimer, particles 2.. are the solvent, coordinates particle-major
 * (x_0, y_0, x_1, y_1, ...), and
 * <pre>
 * U = β [ Σ' ε (σ/r_ij)¹²  +  u(d)  +  k_d ((x_0 + x_1)² + y_0² + y_1²)  +  Σ_i Σ_a k_box (|x_ia| − l_box)² θ(|x_ia| − l_box) ]
 * u(d) = a/4 (d − d₀)⁴ − b/2 (d − d₀)² + c (d − d₀),  d = |x_1 − x_0|
 * </pre>
 * with ε = 1, σ = 1.1, a = 25, b = 10, c = −0.5, d₀ = 1.5, k_d = 20, l_box = 3, k_box = 100. Σ' runs
 * over every pair except the dimer's own (solvent–solvent and solvent–dimer); the two dimer particles
 * interact through the bond u alone. The restraint holds the dimer's centre at x = 0 and both of its
 * particles at y = 0 (the form of the authors' code, deep_boltzmann's ParticleDimer); the walls act
 * on every particle, each coordinate separately (that code doubles k_box through a sign(·) + 1
 * indicator; here k_box is the prefactor, as the paper writes it).
 *
 * <p><b>States.</b> The order parameter is d. The bond's double well has minima near d = 0.894
 * (closed) and 2.156 (open) and its barrier top at {@link #D_BARRIER} ≈ 1.4497, the middle root of
 * u'(d) = 0, where {@code dimer_open} switches. The metastable states are FIRE quenches of a
 * constructed start (the dimer along the x axis at the closed or open minimum, solvent on the cell
 * centres of a square grid over the box, those nearest the dimer left out).
 *
 * <p><b>Symmetries.</b> U is not translation or rotation invariant (restraints and walls fix a frame):
 * exact symmetries are the reflections x → −x and y → −y of all particles, the exchange of the two
 * dimer particles and the permutations of the solvent. Z is finite.
 *
 * <p>With {@code solvent=0} the centre of the dimer is Gaussian and the relative coordinates reduce to a
 * 1D integral over d ({@link DimerExact}): the exact reference then holds every observable and ln Z.
 */
public final class DimerSolvent extends ContinuousSystem implements ParticleSystem {

    public static final String NAME = "dimer-solvent";

    public static final double EPS = 1;
    public static final double SIGMA = 1.1;
    public static final double A = 25;
    public static final double B = 10;
    public static final double C = -0.5;
    public static final double D0 = 1.5;
    public static final double K_D = 20;
    public static final double L_BOX = 3;
    public static final double K_BOX = 100;

    /** Barrier top of the bond double well: the middle root of u'(d) = a y³ − b y + c, y = d − d₀. */
    public static final double D_BARRIER = D0 + bondRoot(0);
    /** The closed and open minima of u. */
    public static final double D_CLOSED = D0 + bondRoot(-1);
    public static final double D_OPEN = D0 + bondRoot(1);

    public static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.real("beta", 1, 1e-6, 1e6, "1/energy", "inverse temperature β"),
            ParameterSpec.integer("solvent", 36, 0, 64, "number of solvent particles (the 6 x 6 box holds about"
                    + " 36 without overlap; beyond 64 their mean spacing is below 0.7 sigma)"));

    private static final int DIM = 2;
    private static final double SIGMA2 = SIGMA * SIGMA;

    private final double beta;
    private final int n;
    private List<double[]> states;

    public DimerSolvent(Parameters p) {
        super(NAME, p);
        this.beta = p.real("beta");
        this.n = 2 + p.integer("solvent");
    }

    /** Newton's iteration on u'(y) from y: from 0 the barrier top, from ∓1 the closed and open minima. */
    private static double bondRoot(double y) {
        for (int i = 0; i < 100; i++) {
            y -= (A * y * y * y - B * y + C) / (3 * A * y * y - B);
        }
        return y;
    }

    /** The bond energy u(d), without β (in Horner form: +∞, never NaN, where y⁴ overflows). */
    public static double bond(double d) {
        double y = d - D0;
        double y2 = y * y;
        return y2 * (0.25 * A * y2 - 0.5 * B) + C * y;
    }

    private static double bondDerivative(double d) {
        double y = d - D0;
        return y * (A * y * y - B) + C;
    }

    @Override
    public int particles() {
        return n;
    }

    @Override
    public int spatialDimension() {
        return DIM;
    }

    @Override
    public int dimension() {
        return n * DIM;
    }

    /** The constructed start with the dimer closed. */
    @Override
    public double[] newConfiguration() {
        return constructedStart(D_CLOSED);
    }

    /**
     * The dimer at (∓d/2, 0) and the solvent on the cell centres of the smallest square grid over the
     * box that leaves enough of them farther than σ from both dimer particles; the farthest from the
     * centre are used.
     */
    double[] constructedStart(double d) {
        double[] x = new double[n * DIM];
        x[0] = -d / 2;
        x[2] = d / 2;
        int solvent = n - 2;
        for (int m = 1; solvent > 0; m++) {
            List<double[]> free = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    double[] p = {-L_BOX + (i + 0.5) * 2 * L_BOX / m, -L_BOX + (j + 0.5) * 2 * L_BOX / m};
                    if (Math.hypot(p[0] - x[0], p[1]) > SIGMA && Math.hypot(p[0] - x[2], p[1]) > SIGMA) {
                        free.add(p);
                    }
                }
            }
            if (free.size() >= solvent) {
                free.sort(Comparator.comparingDouble((double[] p) -> -Math.hypot(p[0], p[1])));
                for (int s = 0; s < solvent; s++) {
                    System.arraycopy(free.get(s), 0, x, (2 + s) * DIM, DIM);
                }
                break;
            }
        }
        return x;
    }

    @Override
    public double energy(double[] x) {
        return energy(x, 0);
    }

    private double energy(double[] x, int off) {
        double e = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[off + i * DIM];
            double yi = x[off + i * DIM + 1];
            for (int j = Math.max(i + 1, 2); j < n; j++) {
                double dx = xi - x[off + j * DIM];
                double dy = yi - x[off + j * DIM + 1];
                double s6 = SIGMA2 / (dx * dx + dy * dy);
                s6 = s6 * s6 * s6;
                e += s6 * s6;
            }
            e += wall(xi) + wall(yi);
        }
        return beta * (EPS * e + dimer(x[off], x[off + 1], x[off + 2], x[off + 3]));
    }

    /** k_box (|v| − l_box)² beyond the wall, else 0. */
    private static double wall(double v) {
        double w = Math.abs(v) - L_BOX;
        return w > 0 ? K_BOX * w * w : 0;
    }

    /** Bond and restraints of the dimer, without β. */
    private static double dimer(double x0, double y0, double x1, double y1) {
        double sx = x0 + x1;
        return bond(Math.hypot(x1 - x0, y1 - y0)) + K_D * (sx * sx + y0 * y0 + y1 * y1);
    }

    @Override
    public double energyAndGradient(double[] x, double[] g) {
        java.util.Arrays.fill(g, 0, n * DIM, 0);
        double e = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[i * DIM];
            double yi = x[i * DIM + 1];
            for (int j = Math.max(i + 1, 2); j < n; j++) {
                double dx = xi - x[j * DIM];
                double dy = yi - x[j * DIM + 1];
                double r2 = dx * dx + dy * dy;
                double s6 = SIGMA2 / r2;
                s6 = s6 * s6 * s6;
                double s12 = s6 * s6;
                e += s12;
                double f = -12 * EPS * beta * s12 / r2; // (1/r) d(σ/r)¹²/dr
                g[i * DIM] += f * dx;
                g[i * DIM + 1] += f * dy;
                g[j * DIM] -= f * dx;
                g[j * DIM + 1] -= f * dy;
            }
            e += wall(xi) + wall(yi);
            g[i * DIM] += beta * wallDerivative(xi);
            g[i * DIM + 1] += beta * wallDerivative(yi);
        }
        double dx = x[2] - x[0];
        double dy = x[3] - x[1];
        double d = Math.hypot(dx, dy);
        double f = d > 0 ? beta * bondDerivative(d) / d : 0;
        double restraint = 2 * beta * K_D;
        double sx = x[0] + x[2];
        g[0] += -f * dx + restraint * sx;
        g[1] += -f * dy + restraint * x[1];
        g[2] += f * dx + restraint * sx;
        g[3] += f * dy + restraint * x[3];
        return beta * (EPS * e + dimer(x[0], x[1], x[2], x[3]));
    }

    private static double wallDerivative(double v) {
        double w = Math.abs(v) - L_BOX;
        return w > 0 ? 2 * K_BOX * w * Math.signum(v) : 0;
    }

    /** O(n): U after setting coordinate i to {@code value}, minus U. */
    @Override
    public double energyChange(double[] x, int i, double value) {
        int p = i / DIM;
        double[] pos = {x[p * DIM], x[p * DIM + 1]};
        pos[i % DIM] = value;
        return particleEnergyChange(x, p, pos);
    }

    /** O(n): repulsion with every particle but a dimer partner, walls, and bond and restraints for the dimer. */
    @Override
    public double particleEnergyChange(double[] x, int p, double[] position) {
        double ox = x[p * DIM];
        double oy = x[p * DIM + 1];
        double nx = position[0];
        double ny = position[1];
        double de = 0;
        for (int j = p < 2 ? 2 : 0; j < n; j++) {
            if (j == p) {
                continue;
            }
            double xj = x[j * DIM];
            double yj = x[j * DIM + 1];
            de += repulsion(nx - xj, ny - yj) - repulsion(ox - xj, oy - yj);
        }
        de = EPS * de + wall(nx) + wall(ny) - wall(ox) - wall(oy);
        if (p == 0) {
            de += dimer(nx, ny, x[2], x[3]) - dimer(ox, oy, x[2], x[3]);
        } else if (p == 1) {
            de += dimer(x[0], x[1], nx, ny) - dimer(x[0], x[1], ox, oy);
        }
        return beta * de;
    }

    private static double repulsion(double dx, double dy) {
        double s6 = SIGMA2 / (dx * dx + dy * dy);
        s6 = s6 * s6 * s6;
        return s6 * s6;
    }

    @Override
    public void energies(double[] xs, int count, double[] out) {
        int d = dimension();
        for (int c = 0; c < count; c++) {
            out[c] = energy(xs, c * d);
        }
    }

    /** The dimer distance d = |x_1 − x_0|, differentiable for umbrella sampling. */
    private static final CollectiveVariable DISTANCE = new CollectiveVariable() {
        @Override
        public String name() {
            return "dimer_distance";
        }

        @Override
        public double value(double[] x) {
            return Math.hypot(x[2] - x[0], x[3] - x[1]);
        }

        @Override
        public void addGradient(double[] x, double scale, double[] gradient) {
            double dx = x[2] - x[0];
            double dy = x[3] - x[1];
            double d = Math.hypot(dx, dy);
            if (d > 0) {
                gradient[0] -= scale * dx / d;
                gradient[1] -= scale * dy / d;
                gradient[2] += scale * dx / d;
                gradient[3] += scale * dy / d;
            }
        }

        @Override
        public double change(double[] x, int i, double v) {
            return i < 2 * DIM ? CollectiveVariable.super.change(x, i, v) : 0;
        }
    };

    @Override
    public List<OrderParameter<double[]>> orderParameters() {
        return List.of(new OrderParameter<>(DISTANCE, D_BARRIER, 0.2, 0.4, 2.8));
    }

    @Override
    public List<Observable<double[]>> observables() {
        return List.of(Observable.of("energy", x -> energy(x) / beta), DISTANCE,
                Observable.of("dimer_open", x -> DISTANCE.value(x) > D_BARRIER ? 1 : 0));
    }

    /** The reflections x → −x, y → −y and both (the point inversion), applied to every particle. */
    @Override
    public SymmetryGroup<double[]> symmetries() {
        return new SymmetryGroup<>(List.of(Symmetries.identity(), reflection("mirror-x", -1, 1),
                reflection("mirror-y", 1, -1), reflection("inversion", -1, -1)), true);
    }

    private static Symmetry<double[]> reflection(String name, double sx, double sy) {
        return Symmetry.of(name, (in, out) -> {
            for (int i = 0; i < in.length; i += DIM) {
                out[i] = sx * in[i];
                out[i + 1] = sy * in[i + 1];
            }
        });
    }

    /** Exchange of the two dimer particles, permutations of the solvent, and the reflections. */
    @Override
    public GroupAction<double[]> symmetryAction() {
        int[] species = new int[n];
        species[0] = 1;
        species[1] = 1;
        return GroupAction.product(new ParticlePermutations(DIM, species, true), symmetries());
    }

    /** Closed, then open: FIRE quenches of the constructed starts. */
    @Override
    public synchronized List<double[]> metastableStates() {
        if (states == null) {
            states = List.of(LennardJones.quench(this, constructedStart(D_CLOSED), 3000),
                    LennardJones.quench(this, constructedStart(D_OPEN), 3000));
        }
        return states;
    }

    /**
     * Without solvent, and where the walls are out of reach (β ≥ 0.05: exp(−U) there is below e^-100
     * of its maximum), every observable, ln Z and the profile of d by quadrature.
     */
    @Override
    public Optional<ExactReference> exactReference() {
        if (n > 2 || beta < 0.05) {
            return Optional.empty();
        }
        DimerExact exact = new DimerExact(beta, K_D, DimerSolvent::bond, D_BARRIER);
        return Optional.of(ExactReference.of(Map.of("energy", exact.meanEnergy(), "dimer_distance",
                exact.meanDistance(), "dimer_open", exact.probabilityOpen()), exact.lnZ(), exact::freeEnergy));
    }

    @Override
    public DimerSolvent atBeta(double newBeta) {
        return new DimerSolvent(parameters().with("beta", newBeta));
    }
}
