package org.boltzmann4j.sampler;

import java.util.SplittableRandom;

import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.model.GenerativeModel;
import org.boltzmann4j.system.SpinSystem;

/**
 * Independent Metropolis-Hastings with proposals drawn from a fixed model q: every chain proposes
 * a fresh s' ~ q and accepts it with probability min(1, exp(-U(s') - ln q(s') + U(s) + ln q(s))),
 * which leaves exp(-U) invariant exactly (Nicoli et al., PRE 101, 023304 (2020)). One
 * {@link #sweep} is one proposal per chain, drawn as one batch. ln q of the current states is
 * re-evaluated at every sweep, so other kernels may move the chains in between.
 */
public final class IndependentMetropolisKernel implements MarkovKernel<byte[]> {

    private final SpinSystem system;
    private final GenerativeModel<byte[]> model;
    private final SplittableRandom rng;
    private long proposed;
    private long accepted;

    /**
     * @param seed fixes the model's draws; accept decisions use each chain's own stream
     */
    public IndependentMetropolisKernel(SpinSystem system, GenerativeModel<byte[]> model, long seed) {
        this.system = system;
        this.model = model;
        this.rng = new SplittableRandom(seed);
    }

    @Override
    public void sweep(Chains<byte[]> chains) {
        int n = chains.size();
        int d = system.dimension();
        byte[] current = new byte[n * d];
        for (int c = 0; c < n; c++) {
            System.arraycopy(chains.state(c), 0, current, c * d, d);
        }
        double[] logq = new double[n];
        model.logDensity(current, n, logq);
        byte[] proposals = new byte[n * d];
        double[] logqNew = new double[n];
        model.sample(n, rng, proposals, logqNew);
        double[] uNew = new double[n];
        system.energies(proposals, n, uNew);
        chains.countEnergyEvaluations(n);
        for (int c = 0; c < n; c++) {
            double logRatio = -uNew[c] - logqNew[c] + chains.energy(c) + logq[c];
            proposed++;
            if (logRatio >= 0 || chains.rng(c).nextDouble() < Math.exp(logRatio)) {
                System.arraycopy(proposals, c * d, chains.state(c), 0, d);
                chains.setEnergy(c, uNew[c]);
                accepted++;
            }
        }
    }

    @Override
    public double acceptance() {
        return proposed == 0 ? Double.NaN : accepted / (double) proposed;
    }

    @Override
    public void resetAcceptance() {
        proposed = 0;
        accepted = 0;
    }

    /** Nothing adapts: the kernel is exact from the start. */
    @Override
    public void freeze() {
    }
}
