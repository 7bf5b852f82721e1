package org.boltzmann4j.kernel;

import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.ParticleSystem;

/**
 * Random-walk Metropolis one particle at a time: a sweep proposes x_p + σ ξ (ξ standard normal in all
 * of the particle's coordinates) for every particle p in turn and accepts by the O(n) energy
 * difference {@link ParticleSystem#particleEnergyChange}. A sweep updates every coordinate once, as a
 * {@link SingleSiteMetropolis} sweep does, but a pair potential is evaluated n times instead of n·dim.
 */
public final class ParticleMetropolis extends ContinuousKernel {

    private final ParticleSystem particles;
    private final int n;
    private final int dim;

    /** @param system a continuous system that is also a {@link ParticleSystem} */
    public ParticleMetropolis(ContinuousSystem system, StepSize step) {
        super(system, step);
        this.particles = (ParticleSystem) system;
        this.n = particles.particles();
        this.dim = particles.spatialDimension();
    }

    private static final class Trial implements Workspace {
        final double[] position;

        Trial(int dim) {
            position = new double[dim];
        }
    }

    @Override
    protected Workspace newWorkspace() {
        return new Trial(dim);
    }

    @Override
    protected int sweepChain(Chains<double[]> chains, int c, double stepSize, Workspace w) {
        double[] x = chains.state(c);
        double[] position = ((Trial) w).position;
        var rng = chains.rng(c);
        double u = chains.energy(c);
        int acc = 0;
        for (int p = 0; p < n; p++) {
            for (int a = 0; a < dim; a++) {
                position[a] = x[p * dim + a] + stepSize * rng.nextGaussian();
            }
            double du = checked(particles.particleEnergyChange(x, p, position));
            if (Metropolis.accepts(-du, rng)) {
                System.arraycopy(position, 0, x, p * dim, dim);
                u += du;
                acc++;
            }
        }
        chains.setEnergy(c, u);
        return acc;
    }

    @Override
    protected int proposalsPerSweep() {
        return n;
    }

    @Override
    protected long evaluationsPerSweep() {
        return n;
    }
}
