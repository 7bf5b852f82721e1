package org.boltzmann4j.kernel;

import org.boltzmann4j.system.ContinuousSystem;

/**
 * Metropolis-adjusted Langevin: x' = x - (ε²/2)∇U(x) + ε ξ, accepted with the Metropolis-Hastings
 * ratio that includes the asymmetric Gaussian proposal densities. One step moves every coordinate,
 * so one step is one sweep.
 */
public final class Mala extends ContinuousKernel {

    public Mala(ContinuousSystem system, StepSize step) {
        super(system, step);
    }

    private record Scratch(double[] gradient, double[] proposal, double[] proposalGradient) implements Workspace {
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
        double u = system.energyAndGradient(x, s.gradient);
        double half = 0.5 * eps * eps;
        for (int i = 0; i < x.length; i++) {
            s.proposal[i] = x[i] - half * s.gradient[i] + eps * rng.nextGaussian();
        }
        double uNew = proposedEnergyAndGradient(s.proposal, s.proposalGradient);
        // ln q(x | x') - ln q(x' | x) for q(y|x) = N(x - (ε²/2)∇U(x), ε²)
        double forward = 0;
        double backward = 0;
        for (int i = 0; i < x.length; i++) {
            double f = s.proposal[i] - x[i] + half * s.gradient[i];
            double b = x[i] - s.proposal[i] + half * s.proposalGradient[i];
            forward += f * f;
            backward += b * b;
        }
        double logRatio = -(uNew - u) - (backward - forward) / (4 * half);
        if (Double.isFinite(uNew) && Metropolis.accepts(logRatio, rng)) {
            System.arraycopy(s.proposal, 0, x, 0, x.length);
            chains.setEnergy(c, uNew);
            return 1;
        }
        chains.setEnergy(c, u);
        return 0;
    }

    @Override
    protected int proposalsPerSweep() {
        return 1;
    }

    @Override
    protected long evaluationsPerSweep() {
        return 2;
    }
}
