package org.boltzmann4j.sampler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.boltzmann4j.core.AtomicFiles;
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.model.TrainableModel;
import org.boltzmann4j.system.BoltzmannSystem;

/**
 * The reverse-KL training phase shared by every model family: steps towards exp(-t U) until the
 * budget is spent, the target's β factor t rising linearly from {@code annealStart} to 1 over the
 * first {@code anneal} of the budget ({@link CycleEngine} phase of one annealed step); warnings,
 * details, saving.
 */
final class ReverseKlTraining {

    /** Samples of a training batch used for the O(n²) acceptance estimate. */
    private static final int ACCEPTANCE_SAMPLES = 512;

    private ReverseKlTraining() {
    }

    /** One optimizer step towards exp(-t U). */
    @FunctionalInterface
    interface Stepper {
        Outcome step(double t, RandomGenerator rng);
    }

    /**
     * What one step measured on its batch, before the update.
     *
     * @param freeEnergy mean of t U + ln q (the loss)
     * @param logWeights ln w = -U - ln q of each sample for the full target, or null where the model does not keep them
     */
    record Outcome(double freeEnergy, double[] logWeights) {
    }

    /**
     * The schedule.
     *
     * @param batch         samples per step
     * @param trainFraction share of the run's budget (0: no training)
     * @param anneal        share of the training during which t rises to 1
     * @param annealStart   t at the start
     * @param savedModel    whether training starts from a saved model (so train_fraction = 0 leaves it trained)
     */
    record Schedule(int batch, double trainFraction, double anneal, double annealStart, boolean savedModel) {
    }

    /**
     * Trains the built model by reverse KL on the schedule: a training phase of the
     * {@link CycleEngine} without chains, one {@link Annealed} step per cycle.
     */
    static <C, M extends TrainableModel<C>> TrainedModel<C, M> train(BoltzmannSystem<C> system,
                                                                       ModelTraining.Built<C, M> built,
                                                                       Schedule schedule, RunContext context,
                                                                       Budget budget, SplittableRandom rng) {
        List<String> warnings = new ArrayList<>();
        Annealed<C> step = new Annealed<>(built.reverseKl(), schedule, rng);
        Chains<C> none = Chains.start(system, List.of(), c -> c, 0);
        CycleEngine.Done done = new CycleEngine.Done(0, 0, Map.of());
        if (schedule.trainFraction() > 0) {
            done = CycleEngine.adapt(CycleEngine.Phase.training(List.of(step)), none, budget, context.progress());
            if (step.t < 1) {
                warnings.add(String.format("training ended at beta factor %.3f < 1: the model was trained for a "
                        + "hotter target; give more budget or lower anneal", step.t));
            }
        } else if (!schedule.savedModel()) {
            warnings.add("train_fraction = 0: the model is untrained");
        }
        Map<String, Object> details = details(built, done.cycles());
        details.put("final_beta_factor", step.t);
        details.put("final_free_energy", step.lastLoss);
        save(built, context);
        return new TrainedModel<>(built.model(), built.sampling(), done.history(), none.energyEvaluations(),
                done.cycles(), details, warnings);
    }

    /**
     * One reverse-KL step towards exp(-t U) per cycle, t rising linearly from {@code annealStart}
     * to 1 over the first {@code anneal} of the phase; plots {@code loss}, the estimated
     * independence acceptance {@code acceptance_global} (where the model keeps its weights) and
     * {@code anneal_beta_factor}.
     */
    private static final class Annealed<C> implements Step<C> {
        private final Stepper stepper;
        private final Schedule schedule;
        private final RandomGenerator rng;
        private double t = 1;
        private double lastLoss = Double.NaN;
        private double acceptance = Double.NaN;

        Annealed(Stepper stepper, Schedule schedule, RandomGenerator rng) {
            this.stepper = stepper;
            this.schedule = schedule;
            this.rng = rng;
        }

        @Override
        public void apply(Chains<C> chains, Cycle cycle) {
            t = schedule.anneal() > 0 ? Math.min(1, schedule.annealStart()
                    + (1 - schedule.annealStart()) * cycle.fractionDone() / schedule.anneal()) : 1;
            Outcome step = stepper.step(t, rng);
            chains.countEnergyEvaluations(schedule.batch());
            cycle.plot("loss", step.freeEnergy());
            if (step.logWeights() != null) {
                acceptance = ImportanceWeights.independenceAcceptance(step.logWeights(),
                        Math.min(schedule.batch(), ACCEPTANCE_SAMPLES));
                cycle.plot("acceptance_global", acceptance);
            }
            cycle.plot("anneal_beta_factor", t);
            lastLoss = step.freeEnergy();
        }

        @Override
        public String status() {
            return String.format("beta factor %.3f, free energy %.5g%s", t, lastLoss,
                    Double.isNaN(acceptance) ? "" : String.format(", est. acceptance %.3f", acceptance));
        }
    }

    /** What every trained model reports: its family, size, symmetrisation and training steps. */
    static Map<String, Object> details(ModelTraining.Built<?, ?> built, long steps) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", built.name());
        details.put("model_parameters", built.parameterCount());
        details.put("symmetrized", built.symmetrized());
        details.put("training_steps", steps);
        return details;
    }

    /** Saves the model and a description of it into the context's model directory, when there is one. */
    static void save(ModelTraining.Built<?, ?> built, RunContext context) {
        if (context.modelDir() != null) {
            built.model().save(context.modelDir());
            writeDescription(context.modelDir(), built.name(), built.reloadWith(), built.symmetrized());
        }
    }

    private static void writeDescription(Path dir, String name, String reloadWith, boolean symmetrized) {
        String text = "# reload with " + reloadWith + "\n"
                + "model=" + name + "\n"
                + "symmetry=" + (symmetrized ? "sign-flip average q(x) = [q(x) + q(-x)]/2" : "none") + "\n";
        Path file = dir.resolve("model.txt");
        AtomicFiles.writeString(file, text);
    }
}
