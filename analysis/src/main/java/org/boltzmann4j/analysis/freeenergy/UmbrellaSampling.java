package org.boltzmann4j.analysis.freeenergy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.ContinuousSystem;

/**
 * Umbrella sampling: one {@link BiasedSystem} per window centre, each sampled by a local kernel
 * over several chains, windows run in the given order. Every chain of the first window starts from
 * the system's metastable state whose ξ is nearest the first centre (the zero configuration when it
 * declares none); each later window starts from the final states of the previous one, so give the
 * centres sorted. Each window warms up (the kernel adapts), then its kernel is frozen and ξ is
 * recorded after every sweep. Window k draws its seed from a fixed stream, so a run is reproducible.
 *
 * @param kernelFactory builds a fresh kernel for each window's biased system,
 *                      e.g. {@code s -> new Mala(s, new StepSize(0.05, 0.574, true))}
 * @param chains        chains per window
 * @param warmupSweeps  sweeps per window before recording
 * @param sweeps        recorded sweeps per window
 */
public record UmbrellaSampling(Function<ContinuousSystem, MarkovKernel<double[]>> kernelFactory, int chains,
                               long warmupSweeps, long sweeps) {

    /** Bias standard deviation 1/√κ in units of the window spacing, for {@link #kappaForSpacing}. */
    static final double WIDTH_PER_SPACING = 0.5;

    public UmbrellaSampling {
        if (chains < 1 || warmupSweeps < 0 || sweeps < 1 || sweeps > Integer.MAX_VALUE) {
            throw B4jException.badInput("umbrella sampling needs chains >= 1, warm-up >= 0 and 1 <= sweeps < 2^31 (got %d, %d, %d)",
                    chains, warmupSweeps, sweeps);
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

    /** Windows evenly spaced over [low, high] with κ from {@link #kappaForSpacing}. */
    public UmbrellaRun run(ContinuousSystem system, CollectiveVariable cv, double low, double high, int windows, long seed) {
        double[] c = centres(low, high, windows);
        return run(system, cv, c, kappaForSpacing(c[1] - c[0]), seed);
    }

    /** Windows at the given centres, all with spring constant {@code kappa}. */
    public UmbrellaRun run(ContinuousSystem system, CollectiveVariable cv, double[] centres, double kappa, long seed) {
        if (centres.length == 0) {
            throw B4jException.badInput("umbrella sampling needs at least one window");
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        List<double[]> start = new ArrayList<>();
        double[] first = nearestState(system, cv, centres[0]);
        for (int c = 0; c < chains; c++) {
            start.add(first.clone());
        }
        double[][][] traces = new double[centres.length][chains][(int) sweeps];
        double[] acceptance = new double[centres.length];
        long evaluations = 0;
        for (int k = 0; k < centres.length; k++) {
            BiasedSystem window = new BiasedSystem(system, cv, kappa, centres[k]);
            MarkovKernel<double[]> kernel = kernelFactory.apply(window);
            Chains<double[]> state = Chains.start(window, start, double[]::clone, seeds.nextLong());
            for (long s = 0; s < warmupSweeps; s++) {
                kernel.sweep(state);
            }
            kernel.freeze();
            kernel.resetAcceptance();
            for (int t = 0; t < sweeps; t++) {
                kernel.sweep(state);
                for (int c = 0; c < chains; c++) {
                    traces[k][c][t] = cv.value(state.state(c));
                }
            }
            acceptance[k] = kernel.acceptance();
            evaluations += state.energyEvaluations();
            start.clear();
            for (int c = 0; c < chains; c++) {
                start.add(state.state(c));
            }
        }
        return new UmbrellaRun(cv.name(), centres.clone(), kappa, traces, acceptance, evaluations);
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
