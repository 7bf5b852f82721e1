package org.boltzmann4j.sampler;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.kernel.spin.HeatBath;
import org.boltzmann4j.kernel.spin.SiteOrder;
import org.boltzmann4j.kernel.spin.SpinMetropolis;
import org.boltzmann4j.kernel.spin.SwendsenWang;
import org.boltzmann4j.kernel.spin.Wolff;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.SpinLattice;
import org.boltzmann4j.system.SpinSystem;

/** The registry of every built-in sampler, by name. */
public final class Samplers {

    private static final List<SamplerFactory> ALL = List.of(
            LocalSamplerFactory.metropolis(),
            LocalSamplerFactory.mala(),
            LocalSamplerFactory.hmc(),
            LocalSamplerFactory.heatBath(),
            LocalSamplerFactory.wolff(),
            LocalSamplerFactory.swendsenWang(),
            LocalSamplerFactory.parallelTempering(),
            new FlowMcmcFactory(),
            NeuralImportanceSampling.factory(),
            NeuralMcmc.factory(Samplers::spinKernel),
            NeuralClusterUpdates.factory(Samplers::spinKernel),
            UmbrellaSampling.factory(),
            ThermodynamicIntegrationSampler.factory());

    /**
     * The kernel that model-based spin samplers interleave, by the name of their {@code spin_kernel}
     * (a local sampler's): sequential single-spin Metropolis or heat bath, Wolff or Swendsen-Wang.
     */
    private static Function<SpinSystem, MarkovKernel<byte[]>> spinKernel(String name, SpinSystem system) {
        String reason = factory(name).unsupportedReason(system);
        if (reason != null) {
            throw B4jException.badInput("sampler.spin_kernel=%s does not fit: %s", name, reason);
        }
        return switch (name) {
            case "heat-bath" -> s -> new HeatBath((SpinLattice) s, SiteOrder.SEQUENTIAL);
            case "wolff" -> s -> new Wolff((SpinLattice) s);
            case "swendsen-wang" -> s -> new SwendsenWang((SpinLattice) s);
            default -> s -> new SpinMetropolis((SpinLattice) s, SiteOrder.SEQUENTIAL);
        };
    }

    private Samplers() {
    }

    public static List<SamplerFactory> all() {
        return ALL;
    }

    public static SamplerFactory factory(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> B4jException.badInput("unknown sampler '%s'; known samplers: %s", name,
                        String.join(", ", ALL.stream().map(SamplerFactory::name).toList())));
    }

    /** Resolves the sampler's parameters from raw values and builds it for the system. */
    public static ConfiguredSampler create(String name, BoltzmannSystem<?> system, Map<String, String> overrides) {
        SamplerFactory f = factory(name);
        String reason = f.unsupportedReason(system);
        if (reason != null) {
            List<String> fitting = ALL.stream().filter(g -> g.unsupportedReason(system) == null)
                    .map(SamplerFactory::name).toList();
            throw B4jException.badInput("%s; samplers that fit %s: %s", reason, system.name(),
                    fitting.isEmpty() ? "none" : String.join(", ", fitting));
        }
        Parameters p = Parameters.resolve("sampler " + name, f.parameters(), overrides);
        return new ConfiguredSampler(name, p, f.create(system, p));
    }

    /** A sampler with the parameters it was built from. */
    public record ConfiguredSampler(String name, Parameters parameters, Sampler<?> sampler) {
    }
}
