package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.ContinuousKernel;
import org.boltzmann4j.kernel.ParallelTempering;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.Configurations;

/**
 * Runs many chains of one local kernel: a warm-up phase in which the kernel adapts, then a
 * production phase with the kernel frozen in which every sweep is recorded.
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
        Budget warmup = context.budget().split(warmupFraction);
        List<double[]> adaptation = new ArrayList<>();
        long start = System.nanoTime();
        long sweeps = 0;
        while (!warmup.spent(sweeps)) {
            kernel.sweep(state);
            sweeps++;
            if (sweeps % 16 == 0) {
                adaptation.add(new double[] {sweeps, kernel.acceptance()});
                kernel.resetAcceptance();
            }
            context.progress().update("warm-up", warmup.fractionDone(sweeps, start), "");
        }
        kernel.freeze();
        kernel.resetAcceptance();

        Budget production = context.budget().after(sweeps);
        TraceRecorder<C> recorder = TraceRecorder.bounded(system.observables(), chains, TraceRecorder.DEFAULT_VALUES);
        long productionStart = System.nanoTime();
        long done = 0;
        while (!production.spent(done)) {
            kernel.sweep(state);
            recorder.step(state::state);
            done++;
            context.progress().update("production", production.fractionDone(done, productionStart),
                    String.format("acceptance %.2f", kernel.acceptance()));
        }
        Map<String, RunRecord.Curve> history = new LinkedHashMap<>();
        history.put("acceptance_local", curve("sweep", adaptation));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("warmup_sweeps", sweeps);
        details.put("production_sweeps", done);
        Map<String, Double> acceptance = new LinkedHashMap<>();
        acceptance.put("local", kernel.acceptance());
        if (kernel instanceof ContinuousKernel ck) {
            details.put("adapted_step", ck.stepSize());
        }
        if (kernel instanceof ParallelTempering<C> pt) {
            acceptance.put("swap", pt.swapAcceptance());
            details.put("betas", pt.betas());
            details.put("swap_acceptance_per_pair", pt.swapAcceptances());
        }
        return new RunRecord(recorder.names(), recorder.traces(), recorder.stride(), null, acceptance, history,
                state.energyEvaluations(), null, done, details, List.of());
    }

    static RunRecord.Curve curve(String xLabel, List<double[]> points) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        return new RunRecord.Curve(xLabel, x, y);
    }
}
