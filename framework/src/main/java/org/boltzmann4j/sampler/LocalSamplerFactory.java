package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.Hmc;
import org.boltzmann4j.kernel.Mala;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.kernel.SingleSiteMetropolis;
import org.boltzmann4j.kernel.StepSize;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ContinuousSystem;

/**
 * Registry entry of a local sampler on continuous systems: a {@link LocalSampler} around one kernel.
 *
 * @param name        sampler name
 * @param description one line
 * @param extra       parameters beyond the common ones (chains, init, warmup_fraction)
 * @param kernel      builds the kernel from the system and the resolved parameters
 */
public record LocalSamplerFactory(String name, String description, List<ParameterSpec> extra,
                                  BiFunction<ContinuousSystem, Parameters, MarkovKernel<double[]>> kernel)
        implements SamplerFactory {

    public static final ParameterSpec CHAINS = ParameterSpec.integer("chains", 256, 1, 1 << 20, "number of chains");
    public static final ParameterSpec WARMUP = ParameterSpec.real("warmup_fraction", 0.2, 0, 0.95, "",
            "share of the budget for warm-up (step-size adaptation, no measurements)");
    public static final ParameterSpec ADAPT = ParameterSpec.flag("adapt", true,
            "adapt the step size toward target_acceptance during warm-up");

    static ParameterSpec step(double def) {
        return ParameterSpec.real("step", def, 1e-8, 1e3, "", "initial proposal step size");
    }

    static ParameterSpec target(double def) {
        return ParameterSpec.real("target_acceptance", def, 0.01, 0.99, "", "acceptance rate the step size adapts to");
    }

    public static LocalSamplerFactory metropolis() {
        return new LocalSamplerFactory("metropolis", "single-site random-walk Metropolis (one coordinate at a time)",
                List.of(step(0.1), target(0.5), ADAPT),
                (s, p) -> new SingleSiteMetropolis(s, stepSize(p)));
    }

    public static LocalSamplerFactory mala() {
        return new LocalSamplerFactory("mala", "Metropolis-adjusted Langevin (global gradient moves)",
                List.of(step(0.05), target(0.574), ADAPT),
                (s, p) -> new Mala(s, stepSize(p)));
    }

    public static LocalSamplerFactory hmc() {
        return new LocalSamplerFactory("hmc", "Hamiltonian Monte Carlo with leapfrog trajectories",
                List.of(step(0.05), ParameterSpec.integer("leapfrog", 10, 1, 10000, "leapfrog steps per trajectory"),
                        target(0.65), ADAPT),
                (s, p) -> new Hmc(s, stepSize(p), p.integer("leapfrog")));
    }

    static StepSize stepSize(Parameters p) {
        return new StepSize(p.real("step"), p.real("target_acceptance"), p.flag("adapt"));
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> all = new ArrayList<>(List.of(CHAINS, InitialStates.PARAMETER, WARMUP));
        all.addAll(extra);
        return all;
    }

    @Override
    public String unsupportedReason(BoltzmannSystem<?> system) {
        return system instanceof ContinuousSystem ? null
                : "sampler " + name + " needs a continuous system; " + system.name() + " is not one";
    }

    @Override
    public Sampler<?> create(BoltzmannSystem<?> system, Parameters p) {
        return new LocalSampler<double[]>(s -> kernel.apply((ContinuousSystem) s, p), p.integer("chains"),
                p.text("init"), p.real("warmup_fraction"));
    }
}
