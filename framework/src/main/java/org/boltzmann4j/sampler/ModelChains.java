package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.Configurations;

/** The chain-based production phase shared by nmcmc and ncus, after a model was trained. */
final class ModelChains {

    private static final long PROGRESS_NANOS = 500_000_000L;

    private ModelChains() {
    }

    /**
     * Runs {@code chains} chains started from model samples, each cycle being one sweep of the
     * global kernel followed by {@code localSweeps} sweeps of the local one. The first
     * {@code warmup} of the budget (null: none) lets the local kernel adapt and records nothing;
     * then both kernels are frozen and every observable of every chain is recorded after every
     * cycle. At least one recorded cycle runs. With model proposals (an {@link IndependentMetropolisKernel}),
     * their importance weights in production give ln Z and the Kish ESS.
     */
    static <C> RunRecord run(BoltzmannSystem<C> system, RunContext context, TrainedModel<C, ?> trained,
                             Budget production, Budget warmup, int chains, MarkovKernel<C> global,
                             MarkovKernel<C> local, int localSweeps, SplittableRandom root,
                             Map<String, Object> details, List<String> warnings) {
        SystemBatches<C> batches = SystemBatches.of(system);
        C xs = batches.view().allocate(chains, system.dimension());
        trained.sampling().sample(chains, root.split(), xs, new double[chains]);
        List<C> initial = new ArrayList<>(chains);
        for (int c = 0; c < chains; c++) {
            initial.add(batches.view().get(xs, c, system.newConfiguration()));
        }
        Chains<C> state = Chains.start(system, initial, Configurations::copy, root.nextLong());
        long warmupCycles = 0;
        if (warmup != null) {
            long start = System.nanoTime();
            while (!warmup.spent(warmupCycles)) {
                cycle(state, global, local, localSweeps);
                warmupCycles++;
                context.progress().update("warm-up", warmup.fractionDone(warmupCycles, start),
                        String.format("cycle %d, global acceptance %.3f", warmupCycles, global.acceptance()));
            }
        }
        Budget recorded = production.after(warmupCycles);
        TraceRecorder<C> recorder = TraceRecorder.bounded(system.observables(), chains, TraceRecorder.DEFAULT_VALUES);
        global.freeze();
        global.resetAcceptance();
        if (local != null) {
            local.freeze();
            local.resetAcceptance();
        }
        long cycles = 0;
        long start = System.nanoTime();
        long lastReport = start;
        do {
            cycle(state, global, local, localSweeps);
            recorder.step(state::state);
            cycles++;
            if (System.nanoTime() - lastReport > PROGRESS_NANOS) {
                lastReport = System.nanoTime();
                context.progress().update("production", recorded.fractionDone(cycles, start),
                        String.format("cycle %d, global acceptance %.3f", cycles, global.acceptance()));
            }
        } while (!recorded.spent(cycles));
        Map<String, Double> acceptance = new LinkedHashMap<>();
        acceptance.put("global", global.acceptance());
        if (local != null && localSweeps > 0) {
            acceptance.put("local", local.acceptance());
        }
        if (global.acceptance() < 0.01) {
            warnings.add(String.format("global acceptance %.2g%%: model proposals rarely pass, so the chains "
                    + "mix only through local moves", 100 * global.acceptance()));
        }
        Map<String, Object> all = new LinkedHashMap<>(trained.details());
        all.putAll(details);
        all.put("chains", chains);
        RunRecord.LnZ lnZ = null;
        if (global instanceof IndependentMetropolisKernel<?> proposals) {
            lnZ = proposals.proposalWeights().lnZ();
            ImportanceWeights.report(proposals.proposalWeights(), all, warnings);
        }
        if (warmup != null) {
            all.put("warmup_cycles", warmupCycles);
        }
        List<String> allWarnings = new ArrayList<>(trained.warnings());
        allWarnings.addAll(warnings);
        return new RunRecord(recorder.names(), recorder.traces(), recorder.stride(), null, acceptance,
                trained.history(), trained.energyEvaluations() + state.energyEvaluations(), lnZ, cycles, all,
                allWarnings);
    }

    private static <C> void cycle(Chains<C> state, MarkovKernel<C> global, MarkovKernel<C> local, int localSweeps) {
        global.sweep(state);
        for (int l = 0; local != null && l < localSweeps; l++) {
            local.sweep(state);
        }
    }
}
