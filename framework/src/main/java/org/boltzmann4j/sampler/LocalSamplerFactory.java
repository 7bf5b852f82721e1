package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.Hmc;
import org.boltzmann4j.kernel.Mala;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.kernel.ParallelTempering;
import org.boltzmann4j.kernel.ParticleMetropolis;
import org.boltzmann4j.kernel.SingleSiteMetropolis;
import org.boltzmann4j.kernel.StepSize;
import org.boltzmann4j.kernel.spin.HeatBath;
import org.boltzmann4j.kernel.spin.Multispin;
import org.boltzmann4j.kernel.spin.SiteOrder;
import org.boltzmann4j.kernel.spin.SpinMetropolis;
import org.boltzmann4j.kernel.spin.SwendsenWang;
import org.boltzmann4j.kernel.spin.Wolff;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.ParticleSystem;
import org.boltzmann4j.system.SpinLattice;

/**
 * Registry entry of a sampler that runs one local kernel over many chains ({@link LocalSampler}).
 *
 * @param name        sampler name
 * @param description one line
 * @param extra       parameters beyond the common ones (chains, init, warmup_fraction)
 * @param unsupported null when the system is supported, else the reason it is not
 * @param kernel      builds the kernel for a supported system from the resolved parameters
 */
public record LocalSamplerFactory(String name, String description, List<ParameterSpec> extra,
                                  Function<BoltzmannSystem<?>, String> unsupported,
                                  BiFunction<BoltzmannSystem<?>, Parameters, MarkovKernel<?>> kernel)
        implements SamplerFactory {

    public static final ParameterSpec CHAINS = ParameterSpec.integer("chains", 256, 1, 1 << 20, "number of chains");
    public static final ParameterSpec WARMUP = ParameterSpec.real("warmup_fraction", 0.2, 0, 0.95, "",
            "share of the budget for warm-up (step-size adaptation, no measurements)");
    public static final ParameterSpec ADAPT = ParameterSpec.flag("adapt", true,
            "adapt the step size toward target_acceptance during warm-up");
    static final ParameterSpec LEAPFROG = ParameterSpec.integer("leapfrog", 10, 1, 10000, "leapfrog steps per trajectory");
    static final ParameterSpec ORDER = ParameterSpec.choice("order", "sequential", List.of("sequential", "random"),
            "spin systems: visit sites in order or at random");
    static final ParameterSpec MULTISPIN = ParameterSpec.flag("multispin", false,
            "square-torus spins at h=0: 64 chains per machine word, one bit each (chains a multiple of 64, order sequential)");

    static ParameterSpec step(double def) {
        return ParameterSpec.real("step", def, 1e-8, 1e3, "", "initial proposal step size (continuous systems)");
    }

    static ParameterSpec target(double def) {
        return ParameterSpec.real("target_acceptance", def, 0.01, 0.99, "", "acceptance rate the step size adapts to");
    }

    public static LocalSamplerFactory metropolis() {
        return new LocalSamplerFactory("metropolis",
                "single-site Metropolis: random-walk moves of one coordinate (of one whole particle for particle"
                        + " systems), or single spin flips",
                List.of(step(0.1), target(0.5), ADAPT, ORDER, MULTISPIN),
                s -> s instanceof ContinuousSystem || s instanceof SpinLattice ? null
                        : "sampler metropolis has no single-site move for " + s.name(),
                LocalSamplerFactory::metropolisKernel);
    }

    /** Single-site Metropolis; for spin lattices multispin-coded when {@code multispin} is set. */
    private static MarkovKernel<?> metropolisKernel(BoltzmannSystem<?> s, Parameters p) {
        if (s instanceof SpinLattice lattice) {
            return spinKernel(lattice, p, Multispin::metropolis, SpinMetropolis::new);
        }
        if (multispin(p)) {
            throw B4jException.badInput("sampler.multispin=true needs a spin lattice; %s is not one", s.name());
        }
        return s instanceof ParticleSystem ? new ParticleMetropolis((ContinuousSystem) s, stepSize(p))
                : new SingleSiteMetropolis((ContinuousSystem) s, stepSize(p));
    }

    /** Parameters without {@code multispin} (those of pt) mean off. */
    private static boolean multispin(Parameters p) {
        return p.has(MULTISPIN.name()) && p.flag(MULTISPIN.name());
    }

    private static MarkovKernel<byte[]> spinKernel(SpinLattice lattice, Parameters p,
                                                   Function<SpinLattice, Multispin> multispin,
                                                   BiFunction<SpinLattice, SiteOrder, MarkovKernel<byte[]>> scalar) {
        if (!multispin(p)) {
            return scalar.apply(lattice, order(p));
        }
        if (order(p) != SiteOrder.SEQUENTIAL) {
            throw B4jException.badInput("sampler.multispin=true sweeps sites in sequential order; got order=%s",
                    p.text("order"));
        }
        int chains = p.integer(CHAINS.name());
        if (chains % Multispin.REPLICAS != 0) {
            throw B4jException.badInput("sampler.multispin=true packs %d chains per word; got chains=%d (use a multiple of %d)",
                    Multispin.REPLICAS, chains, Multispin.REPLICAS);
        }
        return multispin.apply(lattice);
    }

    public static LocalSamplerFactory mala() {
        return new LocalSamplerFactory("mala", "Metropolis-adjusted Langevin (global gradient moves)",
                List.of(step(0.05), target(0.574), ADAPT), LocalSamplerFactory::continuousOnly,
                (s, p) -> new Mala((ContinuousSystem) s, stepSize(p)));
    }

    public static LocalSamplerFactory hmc() {
        return new LocalSamplerFactory("hmc",
                "Hamiltonian Monte Carlo with leapfrog trajectories (each trajectory's step jittered by ±20%)",
                List.of(step(0.05), LEAPFROG, target(0.65), ADAPT), LocalSamplerFactory::continuousOnly,
                (s, p) -> new Hmc((ContinuousSystem) s, stepSize(p), p.integer("leapfrog")));
    }

    public static LocalSamplerFactory heatBath() {
        return new LocalSamplerFactory("heat-bath", "single-spin heat bath", List.of(ORDER, MULTISPIN),
                LocalSamplerFactory::spinLatticeOnly,
                (s, p) -> spinKernel((SpinLattice) s, p, Multispin::heatBath, HeatBath::new));
    }

    public static LocalSamplerFactory wolff() {
        return new LocalSamplerFactory("wolff", "Wolff cluster updates (spin lattices at h = 0)", List.of(),
                s -> clusterReason("wolff", s), (s, p) -> new Wolff((SpinLattice) s));
    }

    public static LocalSamplerFactory swendsenWang() {
        return new LocalSamplerFactory("swendsen-wang",
                "Swendsen-Wang cluster updates (spin lattices at h = 0): every spin once per sweep", List.of(),
                s -> clusterReason("swendsen-wang", s), (s, p) -> new SwendsenWang((SpinLattice) s));
    }

    /** Null where cluster moves fit: a spin lattice at h = 0. */
    private static String clusterReason(String name, BoltzmannSystem<?> s) {
        String reason = spinLatticeOnly(s);
        if (reason == null && ((SpinLattice) s).field() != 0) {
            return "sampler " + name + " needs h = 0 (cluster moves ignore the field); got h="
                    + ((SpinLattice) s).field() + " (use metropolis, heat-bath or pt)";
        }
        return reason;
    }

    /** Parallel tempering over β with any of the kernels above on each replica. */
    public static LocalSamplerFactory parallelTempering() {
        List<ParameterSpec> extra = new ArrayList<>(List.of(
                ParameterSpec.integer("replicas", 8, 2, 256, "temperatures on the geometric ladder"),
                ParameterSpec.real("beta_min", 0, 0, 1e6, "1/energy", "lowest beta of the ladder (0: beta/4)"),
                ParameterSpec.choice("kernel", "auto", List.of("auto", "metropolis", "mala", "hmc", "heat-bath"),
                        "replica kernel (auto: mala for continuous systems, metropolis for spins)"),
                step(0.05), target(0.574), ADAPT, ORDER,
                ParameterSpec.integer("leapfrog", 10, 1, 10000, "leapfrog steps (kernel=hmc)")));
        return new LocalSamplerFactory("pt", "parallel tempering over beta (replica exchange)", extra,
                s -> s.beta().isPresent() ? null : "sampler pt needs a system with a beta parameter; "
                        + s.name() + " has none",
                LocalSamplerFactory::parallelTempering);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static MarkovKernel<?> parallelTempering(BoltzmannSystem<?> s, Parameters p) {
        String kernelName = p.text("kernel");
        if (kernelName.equals("auto")) {
            kernelName = s instanceof ContinuousSystem ? "mala" : "metropolis";
        }
        LocalSamplerFactory replica = (LocalSamplerFactory) Samplers.factory(kernelName);
        String reason = replica.unsupportedReason(s);
        if (reason != null) {
            throw B4jException.badInput("%s", reason);
        }
        double beta = s.beta().orElseThrow();
        double betaMin = p.real("beta_min") == 0 ? beta / 4 : p.real("beta_min");
        return new ParallelTempering(s, p.integer("replicas"), betaMin, at -> replica.kernel().apply((BoltzmannSystem<?>) at, p));
    }

    /**
     * The kernel registered as {@code name}, built for the system from the parameters; bad input naming
     * {@code sampler.<parameter>} where that kernel does not fit the system.
     */
    @SuppressWarnings("unchecked")
    static <C> MarkovKernel<C> named(String parameter, String name, BoltzmannSystem<C> s, Parameters p) {
        LocalSamplerFactory local = (LocalSamplerFactory) Samplers.factory(name);
        String reason = local.unsupportedReason(s);
        if (reason != null) {
            throw B4jException.badInput("sampler.%s=%s does not fit %s: %s", parameter, name, s.parameters(), reason);
        }
        return (MarkovKernel<C>) local.kernel().apply(s, p);
    }

    static String continuousOnly(BoltzmannSystem<?> s) {
        return s instanceof ContinuousSystem ? null : "this sampler needs a continuous system; " + s.name()
                + " is not one";
    }

    static String spinLatticeOnly(BoltzmannSystem<?> s) {
        return s instanceof SpinLattice ? null : "this sampler needs a spin lattice; " + s.name() + " is not one";
    }

    static StepSize stepSize(Parameters p) {
        return new StepSize(p.real("step"), p.real("target_acceptance"), p.flag("adapt"));
    }

    static SiteOrder order(Parameters p) {
        return p.text("order").equals("random") ? SiteOrder.RANDOM : SiteOrder.SEQUENTIAL;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> all = new ArrayList<>(List.of(CHAINS, InitialStates.PARAMETER, WARMUP));
        all.addAll(extra);
        return all;
    }

    @Override
    public String unsupportedReason(BoltzmannSystem<?> system) {
        return unsupported.apply(system);
    }

    /** Builds one kernel up front, so that parameters the kernel refuses are bad input before the run starts. */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Sampler<?> create(BoltzmannSystem<?> system, Parameters p) {
        kernel.apply(system, p);
        return new LocalSampler(s -> kernel.apply((BoltzmannSystem<?>) s, p), p.integer("chains"), p.text("init"),
                p.real("warmup_fraction"));
    }
}
