package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.Observable;

/**
 * Model proposals per cycle ({@link IndependentMetropolisKernel}): ln q of the chains' states
 * refreshed (local moves or training may have changed them), then {@code count} independent
 * Metropolis-Hastings proposals per chain, the chains recorded after each one when
 * {@code recordEach}. In production the proposals' importance weights give ln Z and the Kish ESS,
 * and the proposals themselves, i.i.d. draws of the frozen q, may be kept as weighted samples
 * ({@link RunRecord#proposals()}), with the chains' ln w beside them for a bridge estimate of ln Z
 * ({@link #bridging}).
 *
 * @param <C> configuration type
 */
public final class ModelProposals<C> implements Step<C> {

    private final IndependentMetropolisKernel<C> kernel;
    private final int count;
    private final boolean recordEach;
    private final TraceRecorder<C> samples;
    private final TraceRecorder<Double> chainWeights;

    /**
     * @param kernel     the independent Metropolis-Hastings kernel
     * @param count      proposals per cycle (≥ 1)
     * @param recordEach offer the chains to the recorder after every proposal
     * @param keep       observables of the production proposals kept as weighted samples (empty: none)
     */
    public ModelProposals(IndependentMetropolisKernel<C> kernel, int count, boolean recordEach,
                          List<Observable<C>> keep) {
        this(kernel, count, recordEach, keep.isEmpty() ? null : TraceRecorder.bounded(keep, 1,
                TraceRecorder.DEFAULT_VALUES / 4), null);
    }

    private ModelProposals(IndependentMetropolisKernel<C> kernel, int count, boolean recordEach,
                           TraceRecorder<C> samples, TraceRecorder<Double> chainWeights) {
        this.kernel = kernel;
        this.count = count;
        this.recordEach = recordEach;
        this.samples = samples;
        this.chainWeights = chainWeights;
    }

    /**
     * The same proposals, also keeping in production ln w = -U - ln q of the {@code chains} chains'
     * states before each cycle's proposals (after the local moves: states of exp(-U), not of q) and
     * the proposals' ln w, so that ln Z can come from Bennett's acceptance ratio between the two
     * ({@link RunRecord.WeightedSamples#chainLogWeights()}).
     */
    public ModelProposals<C> bridging(int chains) {
        return new ModelProposals<>(kernel, count, recordEach, samples != null ? samples
                : TraceRecorder.bounded(List.of(), 1, TraceRecorder.DEFAULT_VALUES / 4),
                TraceRecorder.bounded(List.of(Observable.of("ln_w", Double::doubleValue)), chains,
                        TraceRecorder.DEFAULT_VALUES / 4));
    }

    /**
     * Production proposals of a system that keep the primary order parameter of every proposal
     * (nothing where the system declares none).
     */
    public static <C> ModelProposals<C> keepingOrderParameter(BoltzmannSystem<C> system,
                                                              IndependentMetropolisKernel<C> kernel, int count,
                                                              boolean recordEach) {
        return new ModelProposals<>(kernel, count, recordEach, system.orderParameters().isEmpty() ? List.of()
                : List.of(system.orderParameters().get(0).observable()));
    }

    /** Proposals whose samples are not kept. */
    public ModelProposals(IndependentMetropolisKernel<C> kernel, int count, boolean recordEach) {
        this(kernel, count, recordEach, List.of());
    }

    @Override
    public void apply(Chains<C> chains, Cycle cycle) {
        kernel.refresh(chains);
        if (chainWeights != null && !cycle.adapting()) {
            chainWeights.step(c -> kernel.currentLogWeight(chains, c));
        }
        double accepted = 0;
        for (int g = 0; g < count; g++) {
            accepted += kernel.step(chains);
            if (recordEach) {
                cycle.record();
            }
            if (samples != null && !cycle.adapting()) {
                kernel.offerProposals(samples::step);
            }
        }
        cycle.plot("acceptance_global", accepted / count);
    }

    /** Restarts the acceptance counts and the proposals' weights: only a frozen model's proposals estimate ln Z. */
    @Override
    public void freeze() {
        kernel.resetAcceptance();
    }

    /**
     * The kernel's counts and weights, its random stream, the stream the model's ln q draws from
     * (where it has one) and the kept proposals; null when the stream cannot be saved.
     */
    @Override
    public List<Checkpointable> checkpoint() {
        if (!(kernel.random() instanceof Checkpointable stream)) {
            return null;
        }
        List<Checkpointable> parts = new ArrayList<>(List.of(kernel, stream));
        if (kernel.model().densityRandomness() != null) {
            parts.add(kernel.model().densityRandomness());
        }
        if (samples != null) {
            parts.add(samples);
        }
        if (chainWeights != null) {
            parts.add(chainWeights);
        }
        return parts;
    }

    @Override
    public void report(Report report) {
        report.acceptance().put(Sweeps.GLOBAL, kernel.acceptance());
        report.lnZ(kernel.proposalWeights().lnZ());
        ImportanceWeights.report(kernel.proposalWeights(), report.details(), report.warnings());
        if (samples != null && samples.stepsOffered() > 0) {
            double[][][] traces = samples.traces();
            double[][] values = new double[traces.length][];
            for (int o = 0; o < traces.length; o++) {
                values[o] = traces[o][0];
            }
            report.proposals(new RunRecord.WeightedSamples(samples.names(), values, samples.logWeights(),
                    samples.energies(), samples.logDensities(),
                    chainWeights == null || chainWeights.stepsOffered() == 0 ? null : chainWeights.traces()[0]));
        }
    }

    @Override
    public String status() {
        return String.format(Locale.ROOT, "global acceptance %.2f", kernel.acceptance());
    }
}
