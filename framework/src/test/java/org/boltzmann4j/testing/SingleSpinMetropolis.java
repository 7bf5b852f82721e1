package org.boltzmann4j.testing;

import java.util.random.RandomGenerator;

import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.SpinSystem;

/** Test-only single-spin Metropolis: D attempted flips of random sites per sweep. */
public final class SingleSpinMetropolis implements MarkovKernel<byte[]> {

    private final SpinSystem system;
    private long proposed;
    private long accepted;

    public SingleSpinMetropolis(SpinSystem system) {
        this.system = system;
    }

    @Override
    public void sweep(Chains<byte[]> chains) {
        int d = system.dimension();
        for (int c = 0; c < chains.size(); c++) {
            byte[] s = chains.state(c);
            RandomGenerator rng = chains.rng(c);
            for (int a = 0; a < d; a++) {
                int i = rng.nextInt(d);
                double du = system.energyChange(s, i);
                proposed++;
                if (du <= 0 || rng.nextDouble() < Math.exp(-du)) {
                    s[i] = (byte) -s[i];
                    chains.setEnergy(c, chains.energy(c) + du);
                    accepted++;
                }
            }
            chains.countEnergyEvaluations(d);
        }
    }

    @Override
    public double acceptance() {
        return accepted / (double) proposed;
    }

    @Override
    public void resetAcceptance() {
        proposed = 0;
        accepted = 0;
    }

    @Override
    public void freeze() {
    }
}
