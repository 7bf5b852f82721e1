package org.boltzmann4j.kernel;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * The state of many Markov chains of one system: each chain's configuration, its current U and
 * its own random stream (split from one seed, so a run is reproducible whatever the chains'
 * scheduling). Kernels mutate configurations in place and keep {@code energy(c)} equal to U.
 * A checkpoint holds every configuration, energy and stream, and the evaluation count.
 */
public final class Chains<C> implements Checkpointable {

    private final List<C> states;
    private final double[] energies;
    private final RestorableRandom[] rngs;
    private long energyEvaluations;

    private Chains(List<C> states, double[] energies, RestorableRandom[] rngs) {
        this.states = states;
        this.energies = energies;
        this.rngs = rngs;
    }

    /**
     * Chains started from the given configurations (copied), with U evaluated.
     *
     * @param copy deep copy of one configuration (e.g. {@code double[]::clone})
     */
    public static <C> Chains<C> start(BoltzmannSystem<C> system, List<C> initial, UnaryOperator<C> copy, long seed) {
        RestorableRandom root = new RestorableRandom(seed);
        List<C> states = new ArrayList<>(initial.size());
        double[] energies = new double[initial.size()];
        RestorableRandom[] rngs = new RestorableRandom[initial.size()];
        for (int c = 0; c < initial.size(); c++) {
            C x = copy.apply(initial.get(c));
            states.add(x);
            energies[c] = system.energy(x);
            if (Double.isNaN(energies[c])) {
                throw B4jException.failure("the energy of %s is NaN at the starting configuration of chain %d",
                        system.name(), c);
            }
            rngs[c] = root.split();
        }
        Chains<C> chains = new Chains<>(states, energies, rngs);
        chains.energyEvaluations = initial.size();
        return chains;
    }

    public int size() {
        return states.size();
    }

    public C state(int c) {
        return states.get(c);
    }

    public double energy(int c) {
        return energies[c];
    }

    public void setEnergy(int c, double u) {
        energies[c] = u;
    }

    /** The random stream of chain c. */
    public RandomGenerator rng(int c) {
        return rngs[c];
    }

    public void countEnergyEvaluations(long n) {
        energyEvaluations += n;
    }

    public long energyEvaluations() {
        return energyEvaluations;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(size());
        for (int c = 0; c < size(); c++) {
            Checkpointable.writeArray(out, states.get(c));
            out.writeDouble(energies[c]);
            rngs[c].writeState(out);
        }
        out.writeLong(energyEvaluations);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        int n = in.readInt();
        if (n != size()) {
            throw new IOException("checkpoint holds " + n + " chains, not " + size());
        }
        for (int c = 0; c < n; c++) {
            Checkpointable.readArray(in, states.get(c));
            energies[c] = in.readDouble();
            rngs[c].readState(in);
        }
        energyEvaluations = in.readLong();
    }
}
