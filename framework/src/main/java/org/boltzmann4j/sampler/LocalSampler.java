package org.boltzmann4j.sampler;

import java.util.List;
import java.util.function.Function;

import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.Configurations;

/**
 * Runs many chains of one local kernel ({@code metropolis}, {@code mala}, {@code hmc},
 * {@code heat-bath}, {@code wolff}, {@code pt}) on the {@link CycleEngine}: a warm-up phase of
 * sweeps in which the kernel adapts, then a production phase with the kernel frozen in which every
 * sweep is recorded (at least one). Checkpoints and resumes whenever its kernel can be checkpointed.
 *
 * @param kernelFactory  builds the kernel for the system
 * @param chains         number of chains
 * @param init           {@link InitialStates#MODES} or {@link InitialStates#ONE_MODE}
 * @param warmupFraction share of the budget spent adapting
 */
public record LocalSampler<C>(Function<BoltzmannSystem<C>, MarkovKernel<C>> kernelFactory, int chains, String init,
                              double warmupFraction) implements Sampler<C> {

    @Override
    public RunRecord run(BoltzmannSystem<C> system, RunContext context) {
        MarkovKernel<C> kernel = kernelFactory.apply(system);
        Chains<C> state = Chains.start(system, InitialStates.of(system, chains, init), Configurations::copy,
                context.seed());
        return CycleEngine.run(system, state, plan(kernel, warmupFraction), context.budget(), context.progress(),
                null, context.checkpoints());
    }

    @Override
    public boolean checkpoints() {
        return true;
    }

    /**
     * The plan of a local sampler: warm-up sweeps on the first {@code warmupShare} of the budget,
     * then production sweeps, each recorded (at least one).
     */
    static <C> CycleEngine.Plan<C> plan(MarkovKernel<C> kernel, double warmupShare) {
        Sweeps<C> sweep = Sweeps.local(kernel, 1);
        return new CycleEngine.Plan<>(CycleEngine.Phase.warmup("sweeps", List.of(sweep)), warmupShare,
                CycleEngine.Phase.production("sweeps", List.of(sweep, Step.record())), true);
    }
}
