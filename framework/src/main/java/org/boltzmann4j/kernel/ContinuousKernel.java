package org.boltzmann4j.kernel;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.system.ContinuousSystem;

/**
 * Shared machinery of local kernels on continuous systems: chains are updated independently,
 * split into contiguous blocks run on the common fork-join pool (each chain has its own random
 * stream, so results do not depend on scheduling), acceptance is counted, and one step size
 * adapts toward its target acceptance after every sweep until frozen.
 */
public abstract class ContinuousKernel implements MarkovKernel<double[]>, Checkpointable {

    private static final int CHAINS_PER_BLOCK = 16;

    protected final ContinuousSystem system;
    protected final StepSize step;
    private long accepted;
    private long attempted;

    protected ContinuousKernel(ContinuousSystem system, StepSize step) {
        this.system = system;
        this.step = step;
    }

    /** Per-thread scratch memory. */
    protected interface Workspace {
    }

    protected abstract Workspace newWorkspace();

    /**
     * Advances chain c by one sweep.
     *
     * @return the number of accepted proposals, out of {@link #proposalsPerSweep()}
     */
    protected abstract int sweepChain(Chains<double[]> chains, int c, double stepSize, Workspace w);

    /** Proposals one chain makes per sweep. */
    protected abstract int proposalsPerSweep();

    @Override
    public void sweep(Chains<double[]> chains) {
        double stepSize = step.value();
        int n = chains.size();
        List<ForkJoinTask<Long>> tasks = new ArrayList<>();
        for (int from = 0; from < n; from += CHAINS_PER_BLOCK) {
            int lo = from;
            int hi = Math.min(n, from + CHAINS_PER_BLOCK);
            tasks.add(ForkJoinPool.commonPool().submit(() -> {
                Workspace w = newWorkspace();
                long acc = 0;
                for (int c = lo; c < hi; c++) {
                    acc += sweepChain(chains, c, stepSize, w);
                }
                return acc;
            }));
        }
        long acc = 0;
        for (ForkJoinTask<Long> t : tasks) {
            acc += t.join();
        }
        long att = (long) proposalsPerSweep() * n;
        accepted += acc;
        attempted += att;
        chains.countEnergyEvaluations(evaluationsPerSweep() * n);
        step.adapt(att == 0 ? Double.NaN : acc / (double) att);
    }

    /**
     * Returns U unchanged unless it is NaN, which is a defect of the system (a hard wall is +∞,
     * never NaN) and stops the run with a clear message.
     */
    protected final double checked(double u) {
        if (Double.isNaN(u)) {
            throw B4jException.failure("the energy of %s is NaN at a configuration proposed by %s; "
                    + "check U(x) for 0/0, sqrt of a negative number or log of a non-positive number",
                    system.name(), getClass().getSimpleName());
        }
        return u;
    }

    /**
     * U and ∇U at a proposed configuration, +∞ when the proposal itself diverged (a coordinate is
     * ±∞ or NaN, as an unstable leapfrog or Langevin step makes it): such a proposal is rejected,
     * while a NaN energy at a finite configuration is still a defect of the system.
     */
    protected final double proposedEnergyAndGradient(double[] x, double[] gradient) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return checked(system.energyAndGradient(x, gradient));
    }

    /** Energy (or energy-and-gradient) evaluations per chain per sweep. */
    protected abstract long evaluationsPerSweep();

    @Override
    public double acceptance() {
        return attempted == 0 ? Double.NaN : accepted / (double) attempted;
    }

    @Override
    public void resetAcceptance() {
        accepted = 0;
        attempted = 0;
    }

    @Override
    public void freeze() {
        step.freeze();
    }

    /** The current (or frozen) step size. */
    public double stepSize() {
        return step.value();
    }

    /** The step size's adaptation and the acceptance counts. */
    @Override
    public void writeState(DataOutput out) throws IOException {
        step.writeState(out);
        out.writeLong(accepted);
        out.writeLong(attempted);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        step.readState(in);
        accepted = in.readLong();
        attempted = in.readLong();
    }
}
