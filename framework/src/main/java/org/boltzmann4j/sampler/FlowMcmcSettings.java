package org.boltzmann4j.sampler;

import java.util.List;

import org.boltzmann4j.core.ParameterSpec;

/**
 * Configuration of {@link FlowMcmc}.
 *
 * @param chains        number of chains (also the batch of flow proposals)
 * @param localSteps    local sweeps per cycle
 * @param globalSteps   flow proposals per cycle in production, each recorded (training makes one)
 * @param init          {@link InitialStates#MODES} or {@link InitialStates#ONE_MODE}
 * @param equivariant   average the flow over the sign flip, q(-x) = q(x)
 * @param trainFraction share of the budget spent training
 * @param warmupFraction share of the budget left after training in which the chains run unrecorded
 * @param batch         training minibatch size (chain states for ml, flow samples for kl)
 * @param bufferCycles  cycles of chain states kept for training minibatches
 * @param objective     {@link #ML}, {@link #KL} or {@link #MIXED}
 * @param flow          the flow
 */
public record FlowMcmcSettings(int chains, int localSteps, int globalSteps, String init, boolean equivariant,
                               double trainFraction, double warmupFraction, int batch, int bufferCycles,
                               String objective, FlowSettings flow) {

    /** Maximum likelihood on the chains' recent states. */
    static final String ML = "ml";
    /** Reverse KL from U and ∇U alone; chain states are not used for training. */
    static final String KL = "kl";
    /** Both losses, one step of each per cycle. */
    static final String MIXED = "mixed";

    static final ParameterSpec OBJECTIVE = ParameterSpec.choice("objective", ML, List.of(ML, KL, MIXED),
            "training loss: ml (maximum likelihood on chain states), kl (reverse KL from the energy alone) or "
                    + "mixed (one step of each per cycle)");

    /** The unrecorded share after training (or, untrained, the share in which the local step adapts). */
    static final ParameterSpec WARMUP = ParameterSpec.real("warmup_fraction", ModelChains.WARMUP_SHARE, 0, 0.95, "",
            "share of the budget left after training in which the chains run unrecorded under the frozen flow "
                    + "and kernel (the adaptive phase leaves them out of the frozen chain's equilibrium, as nmcmc's "
                    + "chains start out of it); with train_fraction = 0, the share in which the chains leave their "
                    + "start and the local step adapts");
}
