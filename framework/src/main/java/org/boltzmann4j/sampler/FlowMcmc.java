package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.model.BatchView;
import org.boltzmann4j.model.GenerativeModel;
import org.boltzmann4j.model.flow.RealNvp;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.Configurations;
import org.boltzmann4j.system.ContinuousSystem;

/**
 * Adaptive Monte Carlo augmented with a normalizing flow (Gabrié, Rotskoff and Vanden-Eijnden,
 * PNAS 2022). Every cycle, each chain makes {@code localSteps} local sweeps and one independent
 * Metropolis-Hastings step whose proposal is drawn from the flow, accepted with
 * min(1, exp(-U(x') - ln q(x') + U(x) + ln q(x))) ({@link IndependentMetropolisKernel}). During
 * training the flow is fitted by maximum likelihood to the chains' recent states (objective
 * {@code ml}), by reverse KL to exp(-U) from U and ∇U alone ({@code kl}; Noé et al., Science 2019),
 * or by one step of each per cycle ({@code mixed}); it is then frozen for production, where the
 * chain is an exact Markov chain and every estimate is taken; the flow's proposals there, i.i.d.
 * draws from a fixed q, also give ln Z by importance sampling.
 *
 * <p>With {@code equivariant}, the flow q̃ is trained on canonical images of the states (the
 * sign-flip image closest to the first metastable state) and proposals come from its group average
 * q(x) = [q̃(x) + q̃(-x)]/2, so q(-x) = q(x) exactly and a flow that saw one mode proposes both.
 */
public final class FlowMcmc implements Sampler<double[]> {

    private final FlowMcmcSettings settings;
    private final Function<ContinuousSystem, MarkovKernel<double[]>> kernelFactory;

    public FlowMcmc(FlowMcmcSettings settings,
                    Function<ContinuousSystem, MarkovKernel<double[]>> kernelFactory) {
        this.settings = settings;
        this.kernelFactory = kernelFactory;
    }

    @Override
    public RunRecord run(BoltzmannSystem<double[]> system, RunContext context) {
        ContinuousSystem sys = (ContinuousSystem) system;
        int n = settings.chains();
        MarkovKernel<double[]> kernel = kernelFactory.apply(sys);
        Chains<double[]> chains = Chains.start(sys, InitialStates.of(sys, n, settings.init()), Configurations::copy,
                context.seed());
        SplittableRandom modelRng = new SplittableRandom(context.seed() ^ 0x9E3779B97F4A7C15L);
        ModelTraining.Built<double[], RealNvp> built = new FlowTraining(settings.flow(), settings.batch(),
                settings.trainFraction(), settings.equivariant(), 0, 1).build(sys, modelRng);
        RealNvp flow = built.model();
        GenerativeModel<double[]> model = built.sampling();
        IndependentMetropolisKernel<double[]> global = IndependentMetropolisKernel.of(sys, model, modelRng);

        // Training: local steps + flow proposals; the flow fitted to a buffer of recent states (ml),
        // to exp(-U) by reverse KL (kl), or both.
        Budget training = context.budget().split(settings.trainFraction());
        AdaptiveTraining.Schedule schedule = new AdaptiveTraining.Schedule(settings.localSteps(), settings.batch(),
                settings.bufferCycles(), settings.objective());
        AdaptiveTraining.Result trained = new AdaptiveTraining<>(chains, kernel, global, flow,
                () -> built.reverseKl().step(1, modelRng).freeEnergy(), built.canonicalize(), BatchView.REAL, schedule,
                modelRng)
                .run(training, context);
        long trainingCycles = trained.cycles();
        long reverseKlEvaluations = schedule.usesReverseKl() ? trainingCycles * settings.batch() : 0;
        if (context.modelDir() != null) {
            flow.save(context.modelDir());
        }

        // Production: frozen flow and kernel, an exact chain; record after every cycle.
        Budget production = context.budget().after(trainingCycles);
        global.resetAcceptance();
        TraceRecorder<double[]> recorder = TraceRecorder.bounded(sys.observables(), n, TraceRecorder.DEFAULT_VALUES);
        long productionStart = System.nanoTime();
        long done = 0;
        double acceptedSum = 0;
        long globalSteps = 0;
        while (!production.spent(done)) {
            for (int l = 0; l < settings.localSteps(); l++) {
                kernel.sweep(chains);
            }
            global.refresh(chains);
            for (int g = 0; g < settings.globalSteps(); g++) {
                acceptedSum += global.step(chains);
                globalSteps++;
                recorder.step(chains::state);
            }
            done++;
            context.progress().update("production", production.fractionDone(done, productionStart),
                    String.format(Locale.ROOT, "global acceptance %.2f", acceptedSum / globalSteps));
        }

        Map<String, Double> acceptance = new LinkedHashMap<>();
        if (settings.localSteps() > 0) {
            acceptance.put("local", kernel.acceptance());
        }
        acceptance.put("global", globalSteps == 0 ? Double.NaN : acceptedSum / globalSteps);
        Map<String, RunRecord.Curve> history = trained.history();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("objective", settings.objective());
        details.put("training_cycles", trainingCycles);
        details.put("training_seconds", trained.seconds());
        details.put("production_cycles", done);
        details.put("production_seconds", (System.nanoTime() - productionStart) * 1e-9);
        details.put("flow_parameters", flow.parameterCount());
        details.put("symmetrized_over", built.symmetrized()
                ? sys.symmetries().signFlipSubgroup().elements().stream().map(s -> s.name()).toList() : List.of());
        if (kernel instanceof org.boltzmann4j.kernel.ContinuousKernel ck) {
            details.put("adapted_step", ck.stepSize());
        }
        List<String> warnings = new ArrayList<>();
        ImportanceWeights.report(global.proposalWeights(), details, warnings);
        if (globalSteps > 0 && acceptedSum / globalSteps < 0.01) {
            warnings.add(String.format(Locale.ROOT,
                    "global acceptance is only %.4f: the flow proposes poorly; train longer",
                    acceptedSum / globalSteps));
        }
        return new RunRecord(recorder.names(), recorder.traces(), recorder.stride(), null, acceptance, history,
                chains.energyEvaluations() + reverseKlEvaluations, global.proposalWeights().lnZ(), done, details, warnings);
    }
}
