package org.boltzmann4j.analysis.freeenergy;

import java.util.function.Function;

import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.UmbrellaRun;
import org.boltzmann4j.sampler.UmbrellaSampling;
import org.boltzmann4j.system.CollectiveVariable;
import org.boltzmann4j.system.ContinuousSystem;

/** Umbrella runs of fixed length for tests: {@code warmup} then {@code sweeps} recorded sweeps in every window. */
final class UmbrellaRuns {

    private UmbrellaRuns() {
    }

    static UmbrellaRun run(Function<ContinuousSystem, MarkovKernel<double[]>> kernel, int chains, long warmup, long sweeps,
                           ContinuousSystem system, CollectiveVariable cv, double[] centres, double kappa, long seed) {
        UmbrellaSampling u = new UmbrellaSampling(kernel, chains, warmup / (double) (warmup + sweeps), centres.length, kappa);
        RunContext context = new RunContext(Budget.steps(centres.length * (warmup + sweeps)), seed, Progress.SILENT, null);
        return u.run(system, cv, centres, kappa, context).umbrella();
    }

    /** Windows evenly spaced over [low, high] with κ from {@link UmbrellaSampling#kappaForSpacing}. */
    static UmbrellaRun run(Function<ContinuousSystem, MarkovKernel<double[]>> kernel, int chains, long warmup, long sweeps,
                           ContinuousSystem system, CollectiveVariable cv, double low, double high, int windows, long seed) {
        double[] c = UmbrellaSampling.centres(low, high, windows);
        return run(kernel, chains, warmup, sweeps, system, cv, c, UmbrellaSampling.kappaForSpacing(c[1] - c[0]), seed);
    }
}
