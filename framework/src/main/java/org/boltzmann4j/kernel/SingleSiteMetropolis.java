package org.boltzmann4j.kernel;

import org.boltzmann4j.system.ContinuousSystem;

/**
 * Random-walk Metropolis, one coordinate at a time: a sweep proposes x_i + σ ξ for every i in
 * turn and accepts by the local energy difference ({@link ContinuousSystem#energyChange}).
 */
public final class SingleSiteMetropolis extends ContinuousKernel {

    public SingleSiteMetropolis(ContinuousSystem system, StepSize step) {
        super(system, step);
    }

    @Override
    protected Workspace newWorkspace() {
        return null;
    }

    @Override
    protected int sweepChain(Chains<double[]> chains, int c, double stepSize, Workspace w) {
        double[] x = chains.state(c);
        var rng = chains.rng(c);
        double u = chains.energy(c);
        int acc = 0;
        for (int i = 0; i < x.length; i++) {
            double proposal = x[i] + stepSize * rng.nextGaussian();
            double du = checked(system.energyChange(x, i, proposal));
            if (Metropolis.accepts(-du, rng)) {
                x[i] = proposal;
                u += du;
                acc++;
            }
        }
        chains.setEnergy(c, u);
        return acc;
    }

    @Override
    protected int proposalsPerSweep() {
        return system.dimension();
    }

    @Override
    protected long evaluationsPerSweep() {
        return system.dimension();
    }
}
