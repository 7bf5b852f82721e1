package org.boltzmann4j.sampler;

import java.util.Locale;

import org.boltzmann4j.kernel.Chains;

/**
 * Model proposals per cycle ({@link IndependentMetropolisKernel}): ln q of the chains' states
 * refreshed (local moves or training may have changed them), then {@code count} independent
 * Metropolis-Hastings proposals per chain, the chains recorded after each one when
 * {@code recordEach}. In production the proposals' importance weights give ln Z and the Kish ESS.
 *
 * @param kernel     the independent Metropolis-Hastings kernel
 * @param count      proposals per cycle (≥ 1)
 * @param recordEach offer the chains to the recorder after every proposal
 * @param <C>        configuration type
 */
public record ModelProposals<C>(IndependentMetropolisKernel<C> kernel, int count, boolean recordEach)
        implements Step<C> {

    @Override
    public void apply(Chains<C> chains, Cycle cycle) {
        kernel.refresh(chains);
        double accepted = 0;
        for (int g = 0; g < count; g++) {
            accepted += kernel.step(chains);
            if (recordEach) {
                cycle.record();
            }
        }
        cycle.plot("acceptance_global", accepted / count);
    }

    /** Restarts the acceptance counts and the proposals' weights: only a frozen model's proposals estimate ln Z. */
    @Override
    public void freeze() {
        kernel.resetAcceptance();
    }

    @Override
    public void report(Report report) {
        report.acceptance().put(Sweeps.GLOBAL, kernel.acceptance());
        report.lnZ(kernel.proposalWeights().lnZ());
        ImportanceWeights.report(kernel.proposalWeights(), report.details(), report.warnings());
    }

    @Override
    public String status() {
        return String.format(Locale.ROOT, "global acceptance %.2f", kernel.acceptance());
    }
}
