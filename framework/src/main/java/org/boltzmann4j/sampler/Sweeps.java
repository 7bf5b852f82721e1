package org.boltzmann4j.sampler;

import java.util.List;
import java.util.Locale;

import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.ContinuousKernel;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.kernel.ParallelTempering;

/**
 * {@code count} sweeps of a Markov kernel per cycle: local kernels, replica exchange, symmetry
 * moves, neural cluster updates. Its acceptance is reported under {@code kind}; while adapting, a
 * point of the curve {@code acceptance_<kind>} is plotted every {@link #CURVE_EVERY} cycles.
 *
 * @param kernel the kernel
 * @param count  sweeps per cycle (≥ 1)
 * @param kind   {@link #LOCAL} or {@link #GLOBAL}
 * @param <C>    configuration type
 */
public record Sweeps<C>(MarkovKernel<C> kernel, int count, String kind) implements Step<C> {

    /** Acceptance kind of local kernels (and replica exchange). */
    public static final String LOCAL = "local";
    /** Acceptance kind of model-based kernels. */
    public static final String GLOBAL = "global";
    /** Cycles between two points of the acceptance curve while adapting. */
    static final int CURVE_EVERY = 10;

    /** {@code count} sweeps of a local kernel. */
    public static <C> Sweeps<C> local(MarkovKernel<C> kernel, int count) {
        return new Sweeps<>(kernel, count, LOCAL);
    }

    @Override
    public void apply(Chains<C> chains, Cycle cycle) {
        for (int s = 0; s < count; s++) {
            kernel.sweep(chains);
        }
        if (cycle.adapting() && cycle.number() % CURVE_EVERY == 0) {
            cycle.plot("acceptance_" + kind, kernel.acceptance());
            kernel.resetAcceptance();
        }
    }

    @Override
    public void freeze() {
        kernel.freeze();
        kernel.resetAcceptance();
    }

    /** The kernel's state, when it can be checkpointed. */
    @Override
    public List<Checkpointable> checkpoint() {
        if (kernel instanceof ParallelTempering<C> pt && !pt.checkpointable()) {
            return null;
        }
        return kernel instanceof Checkpointable c ? List.of(c) : null;
    }

    @Override
    public void report(Report report) {
        report.acceptance().put(kind, kernel.acceptance());
        if (kernel instanceof ContinuousKernel ck) {
            report.details().put("adapted_step", ck.stepSize());
        }
        if (kernel instanceof ParallelTempering<C> pt) {
            report.acceptance().put("swap", pt.swapAcceptance());
            report.details().put("betas", pt.betas());
            report.details().put("swap_acceptance_per_pair", pt.swapAcceptances());
        }
        if (kernel instanceof NeuralClusterKernel cluster) {
            report.details().put("mean_regenerated_sites", cluster.meanClusterSize());
        }
    }

    @Override
    public String status() {
        return String.format(Locale.ROOT, "%s acceptance %.2f", kind, kernel.acceptance());
    }
}
