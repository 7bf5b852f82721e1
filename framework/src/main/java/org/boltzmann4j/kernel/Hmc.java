package org.boltzmann4j.kernel;

import org.boltzmann4j.system.ContinuousSystem;

/**
 * Hamiltonian Monte Carlo with unit mass: {@code leapfrog} leapfrog steps of size ε' from a fresh
 * Gaussian momentum, accepted by the change of H = U + p²/2. Each trajectory draws its step ε'
 * uniformly in [(1 − {@value #JITTER}) ε, (1 + {@value #JITTER}) ε], independently of the state (so
 * detailed balance holds for each ε'): with a fixed trajectory length, modes whose frequency
 * makes them turn by nearly a full period per trajectory barely move (Mackenzie 1989; measured on
 * the free lattice field, where τ_int grew past 100 trajectories at leapfrog = 10). One trajectory is
 * one sweep; a trajectory that diverges (U = +∞ on the way) is rejected.
 */
public final class Hmc extends ContinuousKernel {

    /** Half-width of the step's jitter, relative to ε. */
    static final double JITTER = 0.2;

    private final int leapfrog;

    public Hmc(ContinuousSystem system, StepSize step, int leapfrog) {
        super(system, step);
        this.leapfrog = leapfrog;
    }

    private record Scratch(double[] q, double[] p, double[] gradient) implements Workspace {
    }

    @Override
    protected Workspace newWorkspace() {
        int d = system.dimension();
        return new Scratch(new double[d], new double[d], new double[d]);
    }

    @Override
    protected int sweepChain(Chains<double[]> chains, int c, double eps, Workspace w) {
        Scratch s = (Scratch) w;
        double[] x = chains.state(c);
        var rng = chains.rng(c);
        int d = x.length;
        System.arraycopy(x, 0, s.q, 0, d);
        eps *= 1 + JITTER * (2 * rng.nextDouble() - 1);
        double u0 = system.energyAndGradient(s.q, s.gradient);
        double kinetic0 = 0;
        for (int i = 0; i < d; i++) {
            s.p[i] = rng.nextGaussian();
            kinetic0 += s.p[i] * s.p[i];
        }
        double u = u0;
        for (int l = 0; l < leapfrog; l++) {
            for (int i = 0; i < d; i++) {
                s.p[i] -= 0.5 * eps * s.gradient[i];
                s.q[i] += eps * s.p[i];
            }
            u = proposedEnergyAndGradient(s.q, s.gradient);
            if (u == Double.POSITIVE_INFINITY) {
                break; // a diverging trajectory (or a hard wall): rejected below
            }
            for (int i = 0; i < d; i++) {
                s.p[i] -= 0.5 * eps * s.gradient[i];
            }
        }
        double kinetic = 0;
        for (int i = 0; i < d; i++) {
            kinetic += s.p[i] * s.p[i];
        }
        double logRatio = -(u - u0) - 0.5 * (kinetic - kinetic0);
        if (Double.isFinite(u) && Metropolis.accepts(logRatio, rng)) {
            System.arraycopy(s.q, 0, x, 0, d);
            chains.setEnergy(c, u);
            return 1;
        }
        chains.setEnergy(c, u0);
        return 0;
    }

    @Override
    protected int proposalsPerSweep() {
        return 1;
    }

    @Override
    protected long evaluationsPerSweep() {
        return leapfrog + 1L;
    }
}
