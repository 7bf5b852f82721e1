package org.boltzmann4j.sampler;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.random.RandomGenerator;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.kernel.Metropolis;
import org.boltzmann4j.model.BatchEnergy;
import org.boltzmann4j.model.BatchView;
import org.boltzmann4j.model.GenerativeModel;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * Independent Metropolis-Hastings with proposals drawn from a model q: every chain proposes a
 * fresh x' ~ q and accepts it with probability min(1, exp(-U(x') - ln q(x') + U(x) + ln q(x))),
 * which leaves exp(-U) invariant exactly whatever q is (Nicoli et al., PRE 101, 023304 (2020)).
 * One {@link #sweep} re-evaluates ln q of the current states ({@link #refresh}, so other kernels
 * may move the chains in between) and makes one proposal per chain, drawn as one batch
 * ({@link #step}). Works on any configuration type C that is also its own row-major batch type.
 *
 * <p>The proposals are i.i.d. draws from q, so their weights ln w = -U - ln q also estimate ln Z
 * ({@link #proposalWeights}) while the chains run. A checkpoint holds the acceptance counts and the
 * weights; the proposals' random stream, often shared, is a part of its own ({@link #random()}).
 */
public final class IndependentMetropolisKernel<C> implements MarkovKernel<C>, Checkpointable {

    private final String systemName;
    private final int dimension;
    private final BatchEnergy<C> energies;
    private final BatchView<C, C> view;
    private final GenerativeModel<C> model;
    private final RandomGenerator rng;
    private int n = -1;
    private C current;
    private C proposals;
    private double[] logqCurrent;
    private double[] logqProposal;
    private double[] uProposal;
    private C scratch;
    private ImportanceWeights.Accumulator proposalWeights = new ImportanceWeights.Accumulator();
    private long proposed;
    private long accepted;

    private IndependentMetropolisKernel(String systemName, int dimension, BatchEnergy<C> energies,
                                        BatchView<C, C> view, GenerativeModel<C> model, RandomGenerator rng) {
        this.systemName = systemName;
        this.dimension = dimension;
        this.energies = energies;
        this.view = view;
        this.model = model;
        this.rng = rng;
    }

    /** Model proposals for chains of the system; {@code rng} draws the proposals, accept decisions use each chain's stream. */
    public static <C> IndependentMetropolisKernel<C> of(BoltzmannSystem<C> system, GenerativeModel<C> model,
                                                        RandomGenerator rng) {
        SystemBatches<C> batches = SystemBatches.of(system);
        return new IndependentMetropolisKernel<>(system.name(), system.dimension(), batches.energies(),
                batches.view(), model, rng);
    }

    @Override
    public void sweep(Chains<C> chains) {
        refresh(chains);
        step(chains);
    }

    /** Evaluates ln q of every chain's current state (needed after other kernels or a model update). */
    public void refresh(Chains<C> chains) {
        allocate(chains.size());
        for (int c = 0; c < n; c++) {
            view.put(current, c, chains.state(c));
        }
        model.logDensity(current, n, logqCurrent);
    }

    /**
     * One proposal per chain; ln q of the current states must be up to date ({@link #refresh}, kept
     * so by this method). Returns the fraction of chains that accepted.
     */
    public double step(Chains<C> chains) {
        model.sample(n, rng, proposals, logqProposal);
        energies.energies(proposals, n, uProposal);
        chains.countEnergyEvaluations(n);
        int acceptedNow = 0;
        for (int c = 0; c < n; c++) {
            if (Double.isNaN(uProposal[c])) {
                throw B4jException.failure("the energy of %s is NaN at a configuration proposed by the model",
                        systemName);
            }
            if (Double.isNaN(logqProposal[c]) || Double.isNaN(logqCurrent[c])) {
                throw B4jException.failure("the model's log-density is NaN: the model has diverged "
                        + "(lower sampler.lr or raise sampler.batch)");
            }
            proposalWeights.add(-uProposal[c] - logqProposal[c]);
            double logRatio = (-uProposal[c] - logqProposal[c]) - (-chains.energy(c) - logqCurrent[c]);
            if (Double.isFinite(uProposal[c]) && Metropolis.accepts(logRatio, chains.rng(c))) {
                view.get(proposals, c, chains.state(c));
                chains.setEnergy(c, uProposal[c]);
                logqCurrent[c] = logqProposal[c];
                acceptedNow++;
            }
        }
        proposed += n;
        accepted += acceptedNow;
        return acceptedNow / (double) n;
    }

    /** ln w = -U - ln q of a chain's current state (ln q as of the last {@link #refresh} or {@link #step}). */
    double currentLogWeight(Chains<C> chains, int chain) {
        return -chains.energy(chain) - logqCurrent[chain];
    }

    /** Receives a model proposal: the configuration (reused between calls), its U and its ln q. */
    @FunctionalInterface
    public interface ProposalSink<C> {
        void accept(C configuration, double energy, double logDensity);
    }

    /** Hands each proposal of the last {@link #step} to {@code sink}. */
    public void offerProposals(ProposalSink<C> sink) {
        if (scratch == null) {
            scratch = view.allocate(1, dimension);
        }
        for (int c = 0; c < n; c++) {
            sink.accept(view.get(proposals, c, scratch), uProposal[c], logqProposal[c]);
        }
    }

    private void allocate(int chains) {
        if (chains != n) {
            n = chains;
            current = view.allocate(n, dimension);
            proposals = view.allocate(n, dimension);
            logqCurrent = new double[n];
            logqProposal = new double[n];
            uProposal = new double[n];
        }
    }

    @Override
    public double acceptance() {
        return proposed == 0 ? Double.NaN : accepted / (double) proposed;
    }

    /** Proposals made since the last {@link #resetAcceptance()}. */
    long proposed() {
        return proposed;
    }

    /** Proposals accepted since the last {@link #resetAcceptance()}. */
    long accepted() {
        return accepted;
    }

    /** Importance weights of the proposals since the last {@link #resetAcceptance()} (valid for ln Z while q is fixed). */
    public ImportanceWeights.Accumulator proposalWeights() {
        return proposalWeights;
    }

    /** Resets the acceptance counts and the proposals' weights. */
    @Override
    public void resetAcceptance() {
        proposed = 0;
        accepted = 0;
        proposalWeights = new ImportanceWeights.Accumulator();
    }

    /** The model the proposals come from. */
    GenerativeModel<C> model() {
        return model;
    }

    /** The stream the proposals are drawn from. */
    RandomGenerator random() {
        return rng;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(proposed);
        out.writeLong(accepted);
        proposalWeights.writeState(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        proposed = in.readLong();
        accepted = in.readLong();
        proposalWeights = new ImportanceWeights.Accumulator();
        proposalWeights.readState(in);
    }

    /** Nothing adapts: the kernel is exact from the start. */
    @Override
    public void freeze() {
    }
}
