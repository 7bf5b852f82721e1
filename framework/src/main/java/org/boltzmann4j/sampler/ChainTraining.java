package org.boltzmann4j.sampler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.model.TrainableModel;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.Configurations;

/**
 * Adaptive training on the chains' own samples, for {@code nmcmc} with objective {@code ml} or
 * {@code mixed}: chains spread over the metastable states run local sweeps and proposals from the
 * model being trained, which is fitted by maximum likelihood to their recent states (and, for
 * {@code mixed}, also makes a reverse-KL step each cycle) — the training phase of {@code flow-mcmc}
 * ({@link Sweeps}, {@link ModelProposals}, {@link ModelFit} on the {@link CycleEngine}), for any
 * model family. The training chains are then discarded.
 *
 * @param model        the model family and its reverse-KL schedule (batch, train fraction)
 * @param localKernel  builds the local kernel; unused when localSweeps = 0
 * @param chains       training chains
 * @param localSweeps  local sweeps per cycle
 * @param bufferCycles cycles of chain states kept for minibatches
 * @param objective    {@link FlowMcmcSettings#ML} or {@link FlowMcmcSettings#MIXED}
 */
record ChainTraining<C, M extends TrainableModel<C>>(ModelTraining<C, M> model,
                                                     Function<BoltzmannSystem<C>, MarkovKernel<C>> localKernel,
                                                     int chains, int localSweeps, int bufferCycles, String objective)
        implements ModelTraining<C, M> {

    @Override
    public int batch() {
        return model.batch();
    }

    @Override
    public double trainFraction() {
        return model.trainFraction();
    }

    @Override
    public double anneal() {
        return model.anneal();
    }

    @Override
    public double annealStart() {
        return model.annealStart();
    }

    @Override
    public Path initModel() {
        return model.initModel();
    }

    @Override
    public Built<C, M> build(BoltzmannSystem<C> system, SplittableRandom root) {
        return model.build(system, root);
    }

    @Override
    public TrainedModel<C, M> train(BoltzmannSystem<C> system, RunContext context, Budget budget,
                                    SplittableRandom root) {
        Built<C, M> built = build(system, root);
        Chains<C> state = Chains.start(system, InitialStates.of(system, chains, InitialStates.MODES),
                Configurations::copy, root.nextLong());
        SplittableRandom rng = root.split();
        IndependentMetropolisKernel<C> global = IndependentMetropolisKernel.of(system, built.sampling(), rng);
        List<Step<C>> steps = new ArrayList<>();
        if (localSweeps > 0) {
            steps.add(Sweeps.local(localKernel.apply(system), localSweeps));
        }
        steps.add(new ModelProposals<>(global, 1, false));
        steps.add(new ModelFit<>(built.model(), objective, batch(), bufferCycles, chains,
                () -> built.reverseKl().step(1, rng).freeEnergy(), built.canonicalize(), SystemBatches.of(system).view(),
                rng));
        CycleEngine.Done done = trainFraction() > 0
                ? CycleEngine.adapt(CycleEngine.Phase.training(steps), state, budget, context.progress())
                : new CycleEngine.Done(0, 0, Map.of());
        Map<String, Object> details = ReverseKlTraining.details(built, done.cycles());
        details.put("objective", objective);
        details.put("training_chains", chains);
        ReverseKlTraining.save(built, context);
        return new TrainedModel<>(built.model(), built.sampling(), done.history(), state.energyEvaluations(),
                done.cycles(), details, List.of());
    }
}
