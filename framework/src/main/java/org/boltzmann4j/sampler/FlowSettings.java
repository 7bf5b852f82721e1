package org.boltzmann4j.sampler;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.model.flow.BaseDistribution;
import org.boltzmann4j.model.flow.ConvFlow;
import org.boltzmann4j.model.flow.ConvFlowConfig;
import org.boltzmann4j.model.flow.Eacf;
import org.boltzmann4j.model.flow.EacfConfig;
import org.boltzmann4j.model.flow.Flow;
import org.boltzmann4j.model.flow.GaussianMixture;
import org.boltzmann4j.model.flow.GaussianPrecision;
import org.boltzmann4j.model.flow.RealNvp;
import org.boltzmann4j.model.flow.RealNvpConfig;
import org.boltzmann4j.model.flow.StandardNormal;
import org.boltzmann4j.model.flow.StretchedBase;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.LaplaceApproximation;
import org.boltzmann4j.system.ParticleSystem;

/**
 * The flow of the model-based samplers on continuous systems ({@code flow-mcmc}, and
 * {@code nis}/{@code nmcmc} with {@code model=realnvp}, {@code model=convflow} or {@code model=eacf}).
 *
 * @param model        {@link ModelChoice#REALNVP}, {@link ModelChoice#CONVFLOW} or {@link ModelChoice#EACF}
 * @param base         {@link #LAPLACE} (Gaussians at the metastable states' minima, where U has them),
 *                     {@link #SPANNING} (z2: the centred one stretched along the first state) or "normal"
 * @param hidden       realnvp: conditioner width H; eacf: four times the width of the per-particle MLPs
 * @param channels     convflow: hidden channels of every convolution
 * @param couplings    affine coupling layers (eacf: blocks of two, auxiliaries then positions)
 * @param learningRate Adam step size (eacf: a tenth of it)
 * @param float32      network arithmetic in float32 (ln q accumulated in float64)
 * @param z2           convflow: sign-flip equivariant couplings, on a base centred at 0
 * @param bins         convflow: 0 for affine couplings, K ≥ 2 for rational-quadratic spline couplings
 * @param initModel    a saved flow to start from instead of a fresh one ({@link SavedModels}), or null
 */
public record FlowSettings(String model, String base, int hidden, int channels, int couplings, double learningRate,
                           boolean float32, boolean z2, int bins, Path initModel) {

    static final String LAPLACE = "laplace";
    static final String SPANNING = "spanning";
    static final String VACUA = "vacua";

    /** What eacf is, for the parameter descriptions. */
    static final String EACF_SUMMARY = "equivariant augmented coupling flow for translation-invariant particle "
            + "systems: rotations, reflections, permutations and translations exact, ln q and ln Z on the "
            + "centre-of-mass-free subspace, one auxiliary particle per particle";
    /**
     * eacf: Adam runs at sampler.lr / this (on LJ13, lr 1e-3 made the reverse-KL loss climb back
     * after 50 steps; 1e-4 kept it falling).
     */
    static final int EACF_LEARNING_RATE_DIVISOR = 10;
    /** eacf: its per-particle MLPs are hidden / this wide (32 at the default 128: they run n times per layer). */
    static final int EACF_WIDTH_DIVISOR = 4;
    /** eacf: Gaussian radial basis functions of the pair distances. */
    private static final int EACF_BASIS = 16;
    /** eacf: the basis spans [0, this × the shortest pair distance at the first metastable state]. */
    private static final double EACF_CUTOFF = 3;

    static final ParameterSpec BASE = ParameterSpec.choice("base", LAPLACE, List.of(LAPLACE, SPANNING, VACUA, "normal"),
            "flow base: laplace, the Laplace approximations at the declared metastable states (their mixture, "
                    + "weighted by Laplace evidence; the first state alone where the system declares a sign flip, "
                    + "which the samplers average over; with z2 centred at 0), spanning (z2 only), that of the first "
                    + "state centred at 0 and stretched along the state so that both +-x0 lie one standard deviation "
                    + "out, one coherent mode the odd flow can split into the two states, vacua (z2 only), the equal "
                    + "mixture of the Laplace approximations at the first state x0 and at -x0, symmetric about 0 so "
                    + "that the odd flow keeps q(-x) = q(x) and only has to learn each vacuum's fluctuations, or "
                    + "normal, N(0, I)");
    static final ParameterSpec COUPLINGS = ParameterSpec.integer("couplings", 6, 1, 64,
            "realnvp, convflow: coupling layers (affine; convflow: splines with sampler.bins); eacf: coupling blocks (two layers each: auxiliaries given "
                    + "positions, then positions given auxiliaries)");
    static final ParameterSpec FLOAT32 = ParameterSpec.flag("float32", false,
            "realnvp, convflow: network arithmetic in float32 (ln q still accumulated in float64)");
    static final ParameterSpec CHANNELS = ParameterSpec.integer("channels", 16, 1, 1024,
            "convflow: hidden channels of each 3x3 circular convolution of the conditioners");
    static final ParameterSpec BINS = ParameterSpec.integer("bins", 0, 0, ConvFlowConfig.MAX_BINS,
            "convflow: 0 for affine couplings, K >= 2 for monotone rational-quadratic spline couplings with K bins "
                    + "(Durkan et al. 2019) on [-B, B], B = 3 max(1, |x0|) over the first state's sites, the "
                    + "identity outside");
    static final ParameterSpec Z2 = ParameterSpec.flag("z2", false,
            "convflow: sign-flip equivariant couplings (odd shift, even log-scale; twice the cost), so that "
                    + "q(-x) = q(x) exactly; the base is symmetric about 0 (laplace centred at 0, spanning or vacua)");

    /** @throws B4jException (bad input) for z2 without convflow */
    public FlowSettings {
        if (z2 && !model.equals(ModelChoice.CONVFLOW)) {
            throw B4jException.badInput("sampler.z2 needs sampler.model=%s", ModelChoice.CONVFLOW);
        }
        if (bins != 0 && !model.equals(ModelChoice.CONVFLOW)) {
            throw B4jException.badInput("sampler.bins (spline couplings) needs sampler.model=%s", ModelChoice.CONVFLOW);
        }
        if (!ConvFlowConfig.validBins(bins)) {
            throw B4jException.badInput("sampler.bins must be 0 (affine couplings) or 2..%d, got %d", ConvFlowConfig.MAX_BINS, bins);
        }
        if ((SPANNING.equals(base) || VACUA.equals(base)) && !z2) {
            throw B4jException.badInput("sampler.base=%s needs sampler.z2=true (a base symmetric about 0)", base);
        }
    }

    /** Reads base, hidden, channels, couplings, lr, float32, z2, bins and init_model for the given model. */
    static FlowSettings from(Parameters p, String model) {
        return new FlowSettings(model, p.text("base"), p.integer("hidden"), p.integer("channels"),
                p.integer("couplings"), p.real("lr"), p.flag("float32"), p.flag("z2"), p.integer("bins"),
                SavedModels.directory(p));
    }

    /**
     * Whether the flow itself is sign-flip invariant, q(-x) = q(x), so that averaging it over the flip
     * is moot: convflow with z2, and eacf (invariant under all of O(d), x → −x included).
     */
    boolean signFlipInvariant() {
        return z2 || model.equals(ModelChoice.EACF);
    }

    /** The Java call that reloads the saved flow. */
    String reloadWith() {
        String type = switch (model) {
            case ModelChoice.CONVFLOW -> "ConvFlow";
            case ModelChoice.EACF -> "Eacf";
            default -> "RealNvp";
        };
        return "org.boltzmann4j.model.flow." + type + ".load(dir)";
    }

    /**
     * These settings, checked against the system.
     *
     * @throws B4jException (bad input) for convflow on a system whose coordinates are no L × L lattice, or
     *                      eacf on one that is no translation-invariant particle system
     */
    FlowSettings requireFits(BoltzmannSystem<?> system) {
        if (model.equals(ModelChoice.EACF)
                && !(system instanceof ParticleSystem particles && particles.translationInvariant())) {
            throw B4jException.badInput("model=%s needs a translation-invariant particle system (such as lj); %s is %s",
                    ModelChoice.EACF, system.name(), system instanceof ParticleSystem
                            ? "a particle system whose energy is not translation invariant (use model=realnvp)"
                            : "not a particle system");
        }
        int d = system.dimension();
        int side = (int) Math.round(Math.sqrt(d));
        if (model.equals(ModelChoice.CONVFLOW) && side * side != d) {
            throw B4jException.badInput("model=%s needs an L x L lattice field (L^2 coordinates, site (x, y) at y L + x); "
                    + "%s has %d", ModelChoice.CONVFLOW, system.name(), d);
        }
        return this;
    }

    /**
     * The saved flow when there is one (a convflow saved on another L × L lattice moved onto this
     * one, with this run's base), else a fresh flow, the identity map on its base: the Laplace
     * approximations of the metastable states when asked and possible (see {@link #laplace}), else N(0, I).
     */
    Flow createFlow(ContinuousSystem system, long seed) {
        requireFits(system);
        int d = system.dimension();
        int side = (int) Math.round(Math.sqrt(d));
        if (initModel != null) {
            Flow saved = (Flow) SavedModels.load(initModel);
            return saved instanceof ConvFlow conv && conv.dimension() != d
                    ? conv.onLattice(side, side, base(system, conv.config().z2())) : saved;
        }
        boolean conv = model.equals(ModelChoice.CONVFLOW);
        BaseDistribution baseDistribution = base(system, z2);
        RealNvpConfig defaults = RealNvpConfig.defaults(d);
        if (model.equals(ModelChoice.EACF)) {
            return Eacf.create(eacfConfig((ParticleSystem) system, system.metastableStates().get(0), defaults), seed);
        }
        if (conv) {
            return ConvFlow.create(new ConvFlowConfig(side, side, channels, couplings, z2, float32, learningRate,
                    defaults.clipNorm(), defaults.scaleBound(), bins, splineBound(system)), baseDistribution, seed);
        }
        RealNvpConfig config = new RealNvpConfig(d, hidden, couplings, float32, learningRate, defaults.clipNorm(),
                defaults.scaleBound());
        return RealNvp.create(config, baseDistribution, seed);
    }

    /** B = 3 max(1, max_i |x0_i|) over the first metastable state x0: the splines' interval [−B, B]. */
    private static double splineBound(ContinuousSystem system) {
        double largest = 1;
        for (double v : system.metastableStates().get(0)) {
            largest = Math.max(largest, Math.abs(v));
        }
        return SPLINE_REACH * largest;
    }

    /** The splines reach this many times the first state's largest |x_i| (or 1). */
    private static final double SPLINE_REACH = 3;

    /** This run's base on the system: {@link #laplace} where asked, else N(0, I); centred: for a sign-flip equivariant flow. */
    private BaseDistribution base(ContinuousSystem system, boolean centred) {
        if (SPANNING.equals(base) && centred) {
            return spanning(system);
        }
        if (VACUA.equals(base) && centred) {
            return vacua(system);
        }
        return LAPLACE.equals(base) || SPANNING.equals(base) || VACUA.equals(base) ? laplace(system, centred)
                : new StandardNormal(system.dimension());
    }

    /**
     * The Laplace Gaussian at the first metastable state x₀ and its mirror image at −x₀ (the same
     * precision: U is even), half the weight each; the centred Laplace base where x₀ = 0 or U has no
     * minimum there.
     */
    private BaseDistribution vacua(ContinuousSystem system) {
        double[] x0 = system.metastableStates().get(0);
        Optional<LaplaceApproximation> at = LaplaceApproximation.at(system, x0);
        if (at.isEmpty() || Arrays.stream(x0).allMatch(v -> v == 0)) {
            return laplace(system, true);
        }
        double[] mirror = Arrays.stream(at.get().mode()).map(v -> -v).toArray();
        double[] precision = at.get().precision();
        return new GaussianMixture(List.of(new GaussianPrecision(at.get().mode(), precision),
                new GaussianPrecision(mirror, precision)), new double[2]);
    }

    /**
     * The centred Laplace base stretched along the first metastable state x₀ (direction u = x₀/|x₀|)
     * by k = |x₀| √(uᵀ H u): the standard deviation along u becomes |x₀| where u is an eigenvector of
     * the Hessian H, as the uniform vacuum of a lattice field is. The centred base where x₀ = 0.
     */
    private BaseDistribution spanning(ContinuousSystem system) {
        BaseDistribution centred = laplace(system, true);
        double[] x0 = system.metastableStates().get(0);
        double norm = Math.sqrt(Arrays.stream(x0).map(v -> v * v).sum());
        if (!(centred instanceof GaussianPrecision gaussian) || !(norm > 0)) {
            return centred;
        }
        int d = x0.length;
        double[] u = new double[d];
        for (int i = 0; i < d; i++) {
            u[i] = x0[i] / norm;
        }
        double[] h = gaussian.precision();
        double curvature = 0;
        for (int i = 0; i < d; i++) {
            double row = 0;
            for (int j = 0; j < d; j++) {
                row += h[i * d + j] * u[j];
            }
            curvature += u[i] * row;
        }
        return new StretchedBase(gaussian, u, norm * Math.sqrt(curvature));
    }

    /** The eacf shape for a particle system, its length scales from its first metastable state (a minimum). */
    private EacfConfig eacfConfig(ParticleSystem system, double[] x, RealNvpConfig defaults) {
        return EacfConfig.atMinimum(system.particles(), system.spatialDimension(), x,
                Math.max(1, hidden / EACF_WIDTH_DIVISOR), couplings, EACF_BASIS, EACF_CUTOFF,
                learningRate / EACF_LEARNING_RATE_DIVISOR, defaults.clipNorm(), defaults.scaleBound());
    }

    /**
     * The Laplace base: where the system declares a sign flip, the Gaussian at the first metastable
     * state alone (centred at 0 with z2), the samplers averaging over the flip; otherwise the mixture
     * of the Gaussians at every metastable state, weighted by their Laplace evidence e^{-U(x_k)}
     * (2π)^{d/2} det(H_k)^{-1/2}. Every Gaussian is exact on the short-wavelength modes of a field
     * whose couplings are local, so the mixture's importance weights stay as good at N = 1000 as at
     * N = 100 (measured on the φ⁴ chain); N(0, I) where no state has a positive definite Hessian.
     */
    private BaseDistribution laplace(ContinuousSystem system, boolean centred) {
        int d = system.dimension();
        List<double[]> states = system.metastableStates();
        boolean flip = system.symmetries().signFlipSubgroup().order() > 1;
        List<LaplaceApproximation> modes = (flip || centred ? states.stream().limit(1) : states.stream())
                .map(s -> LaplaceApproximation.at(system, s)).flatMap(Optional::stream).toList();
        if (modes.isEmpty()) {
            return new StandardNormal(d);
        }
        if (modes.size() == 1) {
            return new GaussianPrecision(centred ? new double[d] : modes.get(0).mode(), modes.get(0).precision());
        }
        List<GaussianPrecision> components = modes.stream().map(l -> new GaussianPrecision(l.mode(), l.precision()))
                .toList();
        double[] logWeights = new double[components.size()];
        for (int k = 0; k < logWeights.length; k++) {
            logWeights[k] = -system.energy(modes.get(k).mode()) - components.get(k).logNormalization();
        }
        return new GaussianMixture(components, logWeights);
    }
}
