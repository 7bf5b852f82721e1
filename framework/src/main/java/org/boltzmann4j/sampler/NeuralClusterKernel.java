package org.boltzmann4j.sampler;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.kernel.Metropolis;
import org.boltzmann4j.kernel.RestorableRandom;
import org.boltzmann4j.model.autoregressive.AutoregressiveModel;
import org.boltzmann4j.system.SpinSystem;
import org.boltzmann4j.system.SymmetryGroup;

/**
 * Neural cluster updates (Wu, Rossi and Carleo, PRR 3, L042024 (2021)): each chain regenerates the
 * last k sites, in the model's order, from the autoregressive conditional q(tail | head), with k
 * uniform in [1, kmax], after moving to a uniformly random symmetry image of itself, so that the
 * regenerated region wanders over the lattice. A sweep is two Metropolis-Hastings steps per chain,
 * each exact on its own:
 * <ol>
 *   <li>s → g s with g uniform in the system's symmetry group (a symmetric proposal: g and g⁻¹ are
 *       equally likely), accepted with min(1, exp(U(s) - U(g s))), i.e. always when the group is exact;</li>
 *   <li>s → s' = (s_head, s'_tail) with s'_tail ~ q(· | s_head), accepted with
 *       min(1, exp(U(s) - U(s')) q(s_tail | s_head) / q(s'_tail | s_head)). The head being shared,
 *       the ratio of conditionals equals q(s) / q(s'). For each k this step is reversible, so the
 *       mixture over k is too.</li>
 * </ol>
 * A checkpoint holds the counts and the stream the tails are drawn from; the model is the caller's.
 */
public final class NeuralClusterKernel implements MarkovKernel<byte[]>, Checkpointable {

    private final SpinSystem system;
    private final AutoregressiveModel model;
    private final SymmetryGroup<byte[]> group;
    private final int kmax;
    private final RestorableRandom rng;
    private long proposed;
    private long accepted;
    private long regenerated;

    /**
     * @param kmax largest number of regenerated sites, in [1, D]
     * @param seed fixes the model's draws; the choices of g and k and accept decisions use each chain's stream
     */
    public NeuralClusterKernel(SpinSystem system, AutoregressiveModel model, int kmax, long seed) {
        if (kmax < 1 || kmax > system.dimension()) {
            throw new IllegalArgumentException("kmax must be in [1, " + system.dimension() + "], got " + kmax);
        }
        this.system = system;
        this.model = model;
        this.group = system.symmetries();
        this.kmax = kmax;
        this.rng = new RestorableRandom(seed);
    }

    @Override
    public void sweep(Chains<byte[]> chains) {
        int n = chains.size();
        int d = system.dimension();
        byte[] image = new byte[d];
        for (int c = 0; c < n; c++) {
            int g = chains.rng(c).nextInt(group.order());
            if (g != 0) {
                byte[] s = chains.state(c);
                group.element(g).apply(s, image);
                if (group.exact()) {
                    System.arraycopy(image, 0, s, 0, d);
                } else {
                    double u = system.energy(image);
                    chains.countEnergyEvaluations(1);
                    if (Metropolis.accepts(chains.energy(c) - u, chains.rng(c))) {
                        System.arraycopy(image, 0, s, 0, d);
                        chains.setEnergy(c, u);
                    }
                }
            }
        }
        byte[] xs = new byte[n * d];
        for (int c = 0; c < n; c++) {
            System.arraycopy(chains.state(c), 0, xs, c * d, d);
        }
        double[] logq = new double[n];
        model.logDensity(xs, n, logq);
        int[] from = new int[n];
        for (int c = 0; c < n; c++) {
            int k = 1 + chains.rng(c).nextInt(kmax);
            from[c] = d - k;
            regenerated += k;
        }
        double[] logqNew = new double[n];
        model.sampleTail(xs, n, from, rng, logqNew);
        double[] uNew = new double[n];
        system.energies(xs, n, uNew);
        chains.countEnergyEvaluations(n);
        for (int c = 0; c < n; c++) {
            proposed++;
            if (Metropolis.accepts(chains.energy(c) - uNew[c] + logq[c] - logqNew[c], chains.rng(c))) {
                System.arraycopy(xs, c * d, chains.state(c), 0, d);
                chains.setEnergy(c, uNew[c]);
                accepted++;
            }
        }
    }

    /** Acceptance of the regeneration step. */
    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(proposed);
        out.writeLong(accepted);
        out.writeLong(regenerated);
        rng.writeState(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        proposed = in.readLong();
        accepted = in.readLong();
        regenerated = in.readLong();
        rng.readState(in);
    }

    @Override
    public double acceptance() {
        return proposed == 0 ? Double.NaN : accepted / (double) proposed;
    }

    /** Mean number of regenerated sites per proposal since the last reset. */
    public double meanClusterSize() {
        return proposed == 0 ? Double.NaN : regenerated / (double) proposed;
    }

    @Override
    public void resetAcceptance() {
        proposed = 0;
        accepted = 0;
        regenerated = 0;
    }

    /** Nothing adapts: the kernel is exact from the start. */
    @Override
    public void freeze() {
    }
}
