package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.Configurations;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.ExactReference;
import org.boltzmann4j.system.Observable;

/**
 * Thermodynamic integration ({@code ti}): ln Z = ln Z(start) − Σ_legs ∫ ⟨∂U/∂t⟩_t dt along a path
 * of couplings that starts where the system's exact reference knows ln Z (β = 0 for spins, the free
 * field λ = 0 for the lattice φ⁴ field). {@code sampler.path = "p1:a1,p2:a2,…"} starts the path at
 * p1 = a1, p2 = a2, … (every other parameter at the run's value); leg k moves p_k from a_k to the
 * run's value while the parameters after it stay at their start, so the last node is the system asked
 * for. Each leg has {@code nodes} = 4k + 1 equally spaced values; at each one a local kernel's chains
 * (those of the node before, then a warm-up) record ∂U/∂t, a finite difference of U in t on the same
 * configuration, exact to rounding where U is linear in t (β, h, J, λ, m²). The analysis integrates
 * each leg by Simpson's rule with Richardson's quadrature error; the run's observables are those of
 * its last node. The budget is shared evenly by the nodes.
 *
 * @param kernelFactory the local kernel for a node's system
 * @param chains        chains at every node
 * @param warmupShare   each node's unrecorded share (the chains arrive from the node before)
 * @param legs          the path
 * @param <C>           configuration type
 */
public record ThermodynamicIntegrationSampler<C>(Function<BoltzmannSystem<C>, MarkovKernel<C>> kernelFactory,
                                                 int chains, double warmupShare, List<ThermodynamicPath.Leg> legs)
        implements Sampler<C> {

    public static final String NAME = "ti";
    /** The path's start the system declares. */
    static final String AUTO = "auto";
    /** ∂U/∂t by a difference over this fraction of the leg's span (and of |t|). */
    static final double RELATIVE_STEP = 1e-4;

    public ThermodynamicIntegrationSampler {
        legs = List.copyOf(legs);
    }

    /** The registry entry of {@code ti}. */
    public static SamplerFactory factory() {
        List<ParameterSpec> specs = List.of(
                ParameterSpec.text("path", AUTO, "where the path starts, p1:a1,p2:a2,...: leg k moves parameter p_k "
                        + "from a_k to the run's value (the parameters after it still at their start), a start where "
                        + "the system's exact reference knows ln Z; auto: the system's own (ising2d: beta:0; "
                        + "phi4-lattice: lambda:0, or lambda:0,m2:1 at m2 <= 0)"),
                ParameterSpec.integer("nodes", 17, 5, 4097,
                        "equally spaced values of each leg's parameter, 4k + 1 (Simpson's rule and its error)"),
                ParameterSpec.choice("kernel", "auto", List.of("auto", "metropolis", "mala", "hmc", "heat-bath",
                        "wolff", "swendsen-wang"), "local kernel at every node (auto: hmc for continuous systems, "
                        + "heat-bath for spins, which samples beta = 0 exactly where sequential metropolis flips "
                        + "every spin)"),
                ParameterSpec.integer("chains", 64, 1, 1 << 16, "chains at every node"),
                LocalSamplerFactory.WARMUP, LocalSamplerFactory.step(0.05), LocalSamplerFactory.target(0.65),
                LocalSamplerFactory.ADAPT, LocalSamplerFactory.LEAPFROG, LocalSamplerFactory.ORDER);
        return new SamplerEntry(NAME, "thermodynamic integration: ln Z from an exact reference along a path of "
                + "couplings, a local kernel at every node", specs, s -> s.thermodynamicStart().isEmpty()
                ? "sampler ti needs a start where ln Z is known exactly; " + s.name() + " at " + s.parameters()
                + " declares none" : null, ThermodynamicIntegrationSampler::create);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Sampler<?> create(BoltzmannSystem<?> system, Parameters p) {
        int nodes = p.integer("nodes");
        if ((nodes - 1) % 4 != 0) {
            throw B4jException.badInput("sampler.nodes=%d is not allowed: Simpson's rule with its error estimate "
                    + "needs 4k + 1 nodes (5, 9, 17, 33, ...)", nodes);
        }
        String path = p.text("path");
        List<ThermodynamicPath.Leg> legs = legs(system, path.equals(AUTO) ? system.thermodynamicStart()
                : starts(path), path, nodes);
        String kernelName = p.text("kernel").equals("auto")
                ? system instanceof ContinuousSystem ? "hmc" : "heat-bath" : p.text("kernel");
        Function<BoltzmannSystem<?>, MarkovKernel<?>> kernel = s -> LocalSamplerFactory.named("kernel", kernelName,
                s, p);
        kernel.apply(start(system, legs)); // bad input before the run: the path's two ends must suit the kernel
        kernel.apply(system);
        return new ThermodynamicIntegrationSampler(kernel, p.integer("chains"), p.real("warmup_fraction"), legs);
    }

    /** Parses {@code p1:a1,p2:a2,…} into each leg's parameter and start. */
    private static Map<String, Double> starts(String path) {
        Map<String, Double> starts = new LinkedHashMap<>();
        for (String part : path.split(",")) {
            String[] kv = part.trim().split(":");
            double from;
            try {
                from = kv.length == 2 ? Double.parseDouble(kv[1].trim()) : Double.NaN;
            } catch (NumberFormatException e) {
                from = Double.NaN;
            }
            String name = kv[0].trim();
            if (!Double.isFinite(from) || name.isEmpty()) {
                throw B4jException.badInput("sampler.path=%s is not allowed: each leg is parameter:start (e.g. "
                        + "lambda:0,m2:1); '%s' is not", path, part.trim());
            }
            if (starts.put(name, from) != null) {
                throw B4jException.badInput("sampler.path=%s names %s twice", path, name);
            }
        }
        return starts;
    }

    /** The legs from each start to the system's own value, in order; {@code path} names them in messages. */
    private static List<ThermodynamicPath.Leg> legs(BoltzmannSystem<?> system, Map<String, Double> starts,
                                                    String path, int nodes) {
        List<ThermodynamicPath.Leg> legs = new ArrayList<>();
        starts.forEach((name, from) -> {
            if (!system.parameters().has(name)) {
                throw B4jException.badInput("sampler.path=%s: %s has no parameter %s; its parameters: %s", path,
                        system.name(), name, String.join(", ", system.parameters().asMap().keySet()));
            }
            double to = system.parameters().real(name);
            if (from == to) {
                throw B4jException.badInput("sampler.path=%s: the leg of %s starts at the run's own value %s; nothing "
                        + "to integrate (drop it)", path, name, to);
            }
            legs.add(new ThermodynamicPath.Leg(name, from, to, nodes));
        });
        return legs;
    }

    /** The path's first system: every leg's parameter at its start. */
    private static <C> BoltzmannSystem<C> start(BoltzmannSystem<C> system, List<ThermodynamicPath.Leg> legs) {
        Map<String, Double> values = new LinkedHashMap<>();
        legs.forEach(leg -> values.put(leg.parameter(), leg.from()));
        return system.withParameters(values);
    }

    @Override
    public RunRecord run(BoltzmannSystem<C> system, RunContext context) {
        SplittableRandom root = new SplittableRandom(context.seed());
        BoltzmannSystem<C> first = start(system, legs);
        BoltzmannSystem<C> base = first;
        double reference = first.exactReference().flatMap(ExactReference::lnZ).orElse(Double.NaN);
        int total = legs.size() * legs.get(0).nodes();
        double[][][][] derivatives = new double[legs.size()][][][];
        List<C> states = InitialStates.of(first, chains, InitialStates.MODES);
        Budget rest = context.budget();
        RunRecord last = null;
        long evaluations = 0;
        LinkedHashSet<String> warnings = new LinkedHashSet<>();
        Map<String, Object> details = new LinkedHashMap<>();
        int done = 0;
        for (int l = 0; l < legs.size(); l++) {
            ThermodynamicPath.Leg leg = legs.get(l);
            derivatives[l] = new double[leg.nodes()][][];
            for (int i = 0; i < leg.nodes(); i++, done++) {
                BoltzmannSystem<C> at = base.withParameter(leg.parameter(), leg.at(i));
                boolean finalNode = done == total - 1;
                List<Observable<C>> observed = new ArrayList<>(finalNode ? system.observables() : List.of());
                observed.add(derivative(at, leg));
                Chains<C> node = Chains.start(at, states, Configurations::copy, root.nextLong());
                TraceRecorder<C> recorder = TraceRecorder.bounded(observed, chains,
                        TraceRecorder.DEFAULT_VALUES / total);
                String where = String.format(Locale.ROOT, "%s=%.4g (node %d/%d)", leg.parameter(), leg.at(i),
                        done + 1, total);
                Progress progress = (phase, fraction, steps, status) -> context.progress().update(phase + " " + where,
                        fraction, steps, status);
                RunRecord r = CycleEngine.run(node, LocalSampler.plan(kernelFactory.apply(at), warmupShare),
                        rest.split(1.0 / (total - done)), progress, null, recorder);
                derivatives[l][i] = r.traces()[observed.size() - 1];
                evaluations += r.energyEvaluations() + 2L * chains * derivatives[l][i][0].length;
                warnings.addAll(r.warnings());
                long cycles = ((Number) r.details().get("warmup_sweeps")).longValue() + r.productionSteps();
                rest = rest.after(cycles);
                states = new ArrayList<>();
                for (int c = 0; c < chains; c++) {
                    states.add(Configurations.copy(node.state(c)));
                }
                last = r;
                base = leg.nodes() - 1 == i ? at : base;
            }
        }
        details.put("path", legs.stream().map(g -> Map.of("parameter", g.parameter(), "from", g.from(), "to", g.to(),
                "nodes", g.nodes())).toList());
        details.putAll(last.details());
        if (Double.isNaN(reference)) {
            warnings.add("the system's exact reference has no ln Z at the path's start " + first.parameters()
                    + ": ln_z is not reported, only ln Z(end) - ln Z(start) among the diagnostics");
        }
        return new RunRecord(last.observableNames(), last.traces(), last.stride(), null, last.acceptance(),
                last.history(), evaluations, null, last.productionSteps(), details, new ArrayList<>(warnings))
                .withPath(new ThermodynamicPath(legs, derivatives, reference));
    }

    /**
     * ∂U/∂t at a node: a central difference over ±ε, one-sided (second order, into the leg) at the leg's
     * lower end, where t − ε may leave the parameter's range (lambda = 0, beta = 0).
     */
    private static <C> Observable<C> derivative(BoltzmannSystem<C> at, ThermodynamicPath.Leg leg) {
        String p = leg.parameter();
        double t = at.parameters().real(p);
        double eps = RELATIVE_STEP * Math.max(Math.abs(t), Math.abs(leg.to() - leg.from()));
        BoltzmannSystem<C> plus = at.withParameter(p, t + eps);
        String name = "dU_d" + p;
        if (t - eps < Math.min(leg.from(), leg.to())) {
            BoltzmannSystem<C> plus2 = at.withParameter(p, t + 2 * eps);
            return Observable.of(name, x -> (-3 * at.energy(x) + 4 * plus.energy(x) - plus2.energy(x)) / (2 * eps));
        }
        BoltzmannSystem<C> minus = at.withParameter(p, t - eps);
        return Observable.of(name, x -> (plus.energy(x) - minus.energy(x)) / (2 * eps));
    }
}
