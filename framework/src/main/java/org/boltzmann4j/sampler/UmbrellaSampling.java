package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.BiasedSystem;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.CollectiveVariable;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.Observable;
import org.boltzmann4j.system.OrderParameter;

/**
 * Umbrella sampling: one {@link BiasedSystem} per window centre, each sampled by a local kernel
 * over several chains, windows run in the given order; the analysis module combines them (MBAR).
 * As a {@link Sampler}, the windows are evenly spaced over the range of the system's primary order
 * parameter, which must be a {@link CollectiveVariable}.
 *
 * <p>The centres (give them sorted) are swept both ways: half the chains start from the system's
 * metastable state whose ξ is nearest the lowest centre and go up, the other half from the state
 * nearest the highest centre and go down (the zero configuration when the system declares none);
 * each window starts from the final states of the previous one in its pass. A slow mode the bias
 * does not act on then shows as disagreement between the passes (hysteresis). Each pass does every
 * step of the budget (sweeps summed over its windows), in its chains' share of the time, shared
 * evenly by its windows; each window warms up for {@code warmupFraction} of its share (the kernel
 * adapts), then its kernel is frozen and every sweep offered to the recorder. Seeds come from a
 * fixed stream, so a run is reproducible.
 *
 * @param kernelFactory  builds a fresh kernel for each window's biased system,
 *                       e.g. {@code s -> new Mala(s, new StepSize(0.05, 0.574, true))}
 * @param chains         chains per window
 * @param warmupFraction share of each window's budget spent before recording
 * @param windows        windows over the order parameter's range (as a sampler)
 * @param kappa          spring constant in kT per ξ², or 0 for {@link #kappaForSpacing} of the windows
 */
public record UmbrellaSampling(Function<ContinuousSystem, MarkovKernel<double[]>> kernelFactory, int chains,
                               double warmupFraction, int windows, double kappa) implements Sampler<double[]> {

    /** The registry name. */
    public static final String NAME = "umbrella";

    /** Bias standard deviation 1/√κ in units of the window spacing, for {@link #kappaForSpacing}. */
    static final double WIDTH_PER_SPACING = 0.5;

    public UmbrellaSampling {
        if (chains < 1 || !(warmupFraction >= 0 && warmupFraction < 1) || windows < 2 || !(kappa >= 0)) {
            throw B4jException.badInput("umbrella sampling needs chains >= 1, 0 <= warm-up fraction < 1, windows >= 2"
                    + " and kappa >= 0 (got %d, %s, %d, %s)", chains, warmupFraction, windows, kappa);
        }
    }

    /** {@code windows} centres evenly spaced over [low, high], both ends included. */
    public static double[] centres(double low, double high, int windows) {
        if (!(Double.isFinite(low) && Double.isFinite(high) && low < high) || windows < 2) {
            throw B4jException.badInput("umbrella windows need finite low < high and at least 2 windows (got [%s, %s], %d)",
                    low, high, windows);
        }
        double[] c = new double[windows];
        for (int k = 0; k < windows; k++) {
            c[k] = low + k * (high - low) / (windows - 1);
        }
        return c;
    }

    /**
     * κ = 4/Δ² for centres Δ apart: a free window then has standard deviation Δ/2, so neighbours
     * overlap well. Where the unbiased U curves down along ξ (a barrier top with curvature -c), κ
     * must exceed c for windows to stay unimodal: take more windows there.
     */
    public static double kappaForSpacing(double spacing) {
        if (!(spacing > 0 && Double.isFinite(spacing))) {
            throw B4jException.badInput("window spacing must be positive (got %s)", spacing);
        }
        double width = WIDTH_PER_SPACING * spacing;
        return 1 / (width * width);
    }

    /**
     * Null when the system has a primary order parameter that umbrella windows can bias, else why
     * not and what would fit.
     */
    public static String unsupportedReason(BoltzmannSystem<?> system) {
        if (!(system instanceof ContinuousSystem)) {
            return "sampler umbrella biases a continuous order parameter; " + system.name()
                    + " is not a continuous system (use metropolis, heat-bath, wolff or pt)";
        }
        if (system.orderParameters().isEmpty()) {
            return "sampler umbrella biases the primary order parameter; " + system.name()
                    + " declares none (declare orderParameters(), or use mala, hmc or pt)";
        }
        Observable<?> op = system.orderParameters().get(0).observable();
        if (!(op instanceof CollectiveVariable)) {
            return "sampler umbrella needs the primary order parameter to be a differentiable CollectiveVariable; "
                    + system.name() + "'s " + op.name() + " is not one (use mala, hmc or pt)";
        }
        return null;
    }

    /** Windows over the range of the primary order parameter. */
    @Override
    public RunRecord run(BoltzmannSystem<double[]> system, RunContext context) {
        String reason = unsupportedReason(system);
        if (reason != null) {
            throw B4jException.badInput("%s", reason);
        }
        OrderParameter<double[]> op = system.orderParameters().get(0);
        double[] c = centres(op.low(), op.high(), windows);
        return run((ContinuousSystem) system, (CollectiveVariable) op.observable(), c,
                kappa > 0 ? kappa : kappaForSpacing(c[1] - c[0]), context);
    }

    /**
     * Windows at the given centres, all with spring constant {@code kappa}. The record's traces hold
     * the system's observables (and ξ) under the biases, chains grouped by window in the order of
     * {@link RunRecord#umbrella()}: for each centre its upward window, then its downward one.
     */
    public RunRecord run(ContinuousSystem system, CollectiveVariable cv, double[] centres, double kappa, RunContext context) {
        if (centres.length == 0) {
            throw B4jException.badInput("umbrella sampling needs at least one window");
        }
        List<Observable<double[]>> observables = new ArrayList<>(system.observables());
        if (observables.stream().noneMatch(o -> o.name().equals(cv.name()))) {
            observables.add(0, cv);
        }
        int upward = (chains + 1) / 2;
        int downward = chains - upward;
        int passes = downward > 0 ? 2 : 1;
        SplittableRandom seeds = new SplittableRandom(context.seed());
        Budget all = context.budget();
        // each pass does every step of the budget, in the share of the time its chains take
        Budget first = new Budget(all.split(upward / (double) chains).deadlineNanos(), all.steps());
        Window[][] windows = new Window[centres.length][passes];
        Progress progress = context.progress();
        sweep(new Pass(system, cv, centres, kappa, observables, upward, passes, progress), UmbrellaRun.UPWARD, first,
                seeds.split(), windows);
        if (downward > 0) {
            sweep(new Pass(system, cv, centres, kappa, observables, downward, passes, progress), UmbrellaRun.DOWNWARD,
                    all, seeds.split(), windows);
        }

        List<Window> ordered = new ArrayList<>();
        for (Window[] atCentre : windows) {
            ordered.addAll(List.of(atCentre));
        }
        int entries = ordered.size();
        int totalChains = ordered.stream().mapToInt(w -> w.traces()[0].length).sum();
        double[][][] traces = new double[observables.size()][totalChains][];
        double[][][] xi = new double[entries][][];
        int xiIndex = observables.stream().map(Observable::name).toList().indexOf(cv.name());
        int next = 0;
        for (int k = 0; k < entries; k++) {
            Window w = ordered.get(k);
            for (int o = 0; o < observables.size(); o++) {
                System.arraycopy(w.traces()[o], 0, traces[o], next, w.traces()[o].length);
            }
            next += w.traces()[0].length;
            xi[k] = w.traces()[xiIndex];
        }
        double[] acceptance = ordered.stream().mapToDouble(Window::acceptance).toArray();
        long evaluations = ordered.stream().mapToLong(Window::evaluations).sum();
        UmbrellaRun run = new UmbrellaRun(cv.name(), ordered.stream().mapToDouble(Window::centre).toArray(), kappa, xi,
                acceptance, evaluations, ordered.stream().mapToInt(Window::pass).toArray());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("windows", centres.length);
        details.put("passes", passes == 2 ? List.of("upward", "downward") : List.of("upward"));
        details.put("kappa", kappa);
        details.put("chains_per_pass", passes == 2 ? List.of(upward, downward) : List.of(upward));
        details.put("window_centres", run.centres());
        details.put("window_pass", run.pass());
        details.put("window_acceptance", acceptance);
        details.put("window_warmup_sweeps", ordered.stream().mapToLong(Window::warmup).toArray());
        details.put("window_production_sweeps", ordered.stream().mapToLong(Window::production).toArray());
        details.put("window_record_stride", ordered.stream().mapToLong(Window::stride).toArray());
        if (ordered.get(0).step() != null) {
            details.put("window_adapted_step", ordered.stream().map(Window::step).toList());
        }
        Map<String, Double> meanAcceptance = new LinkedHashMap<>();
        meanAcceptance.put("local", Arrays.stream(acceptance).average().orElse(Double.NaN));
        long stride = ordered.stream().mapToLong(Window::stride).max().orElse(1);
        long production = ordered.stream().mapToLong(Window::production).sum();
        return new RunRecord(observables.stream().map(Observable::name).toList(), traces, stride, null, meanAcceptance,
                Map.of(), evaluations, null, production, details, List.of(), run);
    }

    /** What one window of one pass recorded: traces [observable][chain][record]. */
    private record Window(double centre, int pass, double[][][] traces, double acceptance, long warmup, long production,
                          long stride, Double step, long evaluations) {
    }

    /** What every window of one pass shares. */
    private record Pass(ContinuousSystem system, CollectiveVariable cv, double[] centres, double kappa,
                        List<Observable<double[]>> observables, int passChains, int passes, Progress progress) {
    }

    /** One sweep over the centres, upward or downward, each window starting where the previous one ended. */
    private void sweep(Pass p, int pass, Budget budget, SplittableRandom seeds, Window[][] out) {
        ContinuousSystem system = p.system();
        CollectiveVariable cv = p.cv();
        double[] centres = p.centres();
        int passChains = p.passChains();
        int n = centres.length;
        int firstIndex = pass == UmbrellaRun.UPWARD ? 0 : n - 1;
        List<double[]> start = new ArrayList<>();
        double[] first = nearestState(system, cv, centres[firstIndex]);
        for (int c = 0; c < passChains; c++) {
            start.add(first.clone());
        }
        long done = 0;
        for (int j = 0; j < n; j++) {
            int k = pass == UmbrellaRun.UPWARD ? j : n - 1 - j;
            Budget window = budget.after(done).split(1.0 / (n - j));
            BiasedSystem biased = new BiasedSystem(system, cv, p.kappa(), centres[k]);
            MarkovKernel<double[]> kernel = kernelFactory.apply(biased);
            Chains<double[]> state = Chains.start(biased, start, double[]::clone, seeds.nextLong());
            String phase = String.format(Locale.ROOT, "%s window %d/%d", pass == UmbrellaRun.UPWARD ? "up" : "down",
                    j + 1, n);
            int offset = pass * n + j;
            Progress progress = (name, fraction, steps, status) -> p.progress().update(phase,
                    (offset + fraction) / (p.passes() * n), steps, status);
            RunRecord run = CycleEngine.run(state, LocalSampler.plan(kernel, warmupFraction), window, progress, null,
                    TraceRecorder.bounded(p.observables(), passChains,
                            TraceRecorder.DEFAULT_VALUES / ((long) n * p.passes())));
            long sweeps = (Long) run.details().get("warmup_sweeps");
            long recorded = run.productionSteps();
            out[k][pass] = new Window(centres[k], pass, run.traces(), run.acceptance().get(Sweeps.LOCAL), sweeps,
                    recorded, run.stride(), (Double) run.details().get("adapted_step"), run.energyEvaluations());
            done += sweeps + recorded;
            start.clear();
            for (int c = 0; c < passChains; c++) {
                start.add(state.state(c));
            }
        }
    }

    /**
     * The {@code umbrella} registry entry: {@code windows}, {@code kappa} (0: from the spacing) and
     * {@code kernel}, one of the local continuous samplers, built with their own parameters.
     */
    @SuppressWarnings("unchecked")
    public static SamplerFactory factory() {
        List<ParameterSpec> specs = List.of(
                ParameterSpec.integer("windows", 25, 2, 10_000, "harmonic windows evenly spaced over the order parameter's range"),
                ParameterSpec.real("kappa", 0, 0, 1e12, "kT/xi^2",
                        "spring constant of every window (0: 4/spacing^2, so a free window's sd is half the spacing)"),
                ParameterSpec.choice("kernel", "hmc", List.of("metropolis", "mala", "hmc"),
                        "local kernel in each window (hmc: relaxes the field around a pinned order parameter fastest)"),
                ParameterSpec.integer("chains", 16, 1, 1 << 16, "chains per centre: half sweep the windows upward, half downward"),
                LocalSamplerFactory.WARMUP, LocalSamplerFactory.step(0.05), LocalSamplerFactory.target(0.574),
                LocalSamplerFactory.ADAPT, LocalSamplerFactory.LEAPFROG);
        return new SamplerEntry(NAME, "umbrella sampling: harmonic bias windows along the primary order parameter,"
                + " combined by MBAR", specs, UmbrellaSampling::unsupportedReason, (s, p) -> {
                    LocalSamplerFactory local = (LocalSamplerFactory) Samplers.factory(p.text("kernel"));
                    return new UmbrellaSampling(w -> (MarkovKernel<double[]>) local.kernel().apply(w, p),
                            p.integer("chains"), p.real("warmup_fraction"), p.integer("windows"), p.real("kappa"));
                });
    }

    private static double[] nearestState(ContinuousSystem system, CollectiveVariable cv, double centre) {
        double[] best = system.newConfiguration();
        double bestDistance = Double.POSITIVE_INFINITY;
        for (double[] x : system.metastableStates()) {
            double d = Math.abs(cv.value(x) - centre);
            if (d < bestDistance) {
                bestDistance = d;
                best = x;
            }
        }
        return best.clone();
    }
}
