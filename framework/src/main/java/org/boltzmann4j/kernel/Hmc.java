package org.boltzmann4j.kernel;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.boltzmann4j.system.ContinuousSystem;

/**
 * Hamiltonian Monte Carlo with unit mass: {@code leapfrog} leapfrog steps of size ε' from a fresh
 * Gaussian momentum, accepted by the change of H = U + p²/2. Each trajectory draws its step ε'
 * uniformly in [(1 − {@value #JITTER}) ε, (1 + {@value #JITTER}) ε], independently of the state (so
 * detailed balance holds for each ε'): with a fixed trajectory length, modes whose frequency
 * makes them turn by nearly a full period per trajectory barely move (Mackenzie 1989; measured on
 * the free lattice field, where τ_int grew past 100 trajectories at leapfrog = 10). One trajectory is
 * one sweep; a trajectory that diverges (U = +∞ on the way) is rejected.
 *
 * <p>Thermalization: the first {@value #THERMALIZATION} sweeps of warm-up (until {@link #freeze()})
 * also accept every trajectory whose energy error ΔH is at most √d/4. A chain started far below its
 * equilibrium action (the zero or a vacuum configuration) takes in action along each trajectory, and
 * its leapfrog error grows with it, so with the step size that the other chains tune it may reject
 * every proposal (measured on the 64 × 64 φ⁴ lattice: one chain of 64 stuck at S = 554, equilibrium
 * about 1 950, from its seventh trajectory to the last of 600, each at ΔH ≈ +6.5). The bound keeps an
 * unstable leapfrog rejected and, in a few dimensions, the rule close to Metropolis. Warm-up is
 * discarded, so production's stationary density is untouched; the acceptance counted (and the step
 * size's adaptation) follows the Metropolis decision.
 */
public final class Hmc extends ContinuousKernel {

    /** Half-width of the step's jitter, relative to ε. */
    static final double JITTER = 0.2;

    /** Warm-up sweeps that accept every trajectory with a bounded energy error. */
    static final int THERMALIZATION = 20;

    private final int leapfrog;
    private int thermalizing = THERMALIZATION;

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
        boolean finite = Double.isFinite(u);
        boolean accepted = finite && Metropolis.accepts(logRatio, rng);
        boolean thermalized = finite && thermalizing > 0 && -logRatio <= 0.25 * Math.sqrt(d);
        if (accepted || thermalized) {
            System.arraycopy(s.q, 0, x, 0, d);
            chains.setEnergy(c, u);
        } else {
            chains.setEnergy(c, u0);
        }
        return accepted ? 1 : 0;
    }

    @Override
    public void sweep(Chains<double[]> chains) {
        super.sweep(chains);
        if (thermalizing > 0) {
            thermalizing--;
        }
    }

    @Override
    public void freeze() {
        super.freeze();
        thermalizing = 0;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        super.writeState(out);
        out.writeInt(thermalizing);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        super.readState(in);
        thermalizing = in.readInt();
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
