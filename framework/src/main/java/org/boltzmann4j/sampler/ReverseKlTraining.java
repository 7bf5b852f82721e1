package org.boltzmann4j.sampler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.model.TrainableModel;

/**
 * The reverse-KL training phase shared by every model family: steps towards exp(-t U) until the
 * budget is spent, the target's β factor t rising linearly from {@code annealStart} to 1 over the
 * first {@code anneal} of the budget; loss and acceptance curves, progress, warnings, saving.
 */
final class ReverseKlTraining {

    private static final long PROGRESS_NANOS = 500_000_000L;
    /** Samples of a training batch used for the O(n²) acceptance estimate. */
    private static final int ACCEPTANCE_SAMPLES = 512;

    private ReverseKlTraining() {
    }

    /** One optimizer step towards exp(-t U). */
    @FunctionalInterface
    interface Stepper {
        Step step(double t, SplittableRandom rng);
    }

    /**
     * What one step measured on its batch, before the update.
     *
     * @param freeEnergy mean of t U + ln q (the loss)
     * @param logWeights ln w = -U - ln q of each sample for the full target, or null where the model does not keep them
     */
    record Step(double freeEnergy, double[] logWeights) {
    }

    /**
     * The schedule.
     *
     * @param batch         samples per step
     * @param trainFraction share of the run's budget (0: no training)
     * @param anneal        share of the training during which t rises to 1
     * @param annealStart   t at the start
     */
    record Schedule(int batch, double trainFraction, double anneal, double annealStart) {
    }

    /** Trains the built model by reverse KL on the schedule. */
    static <C, M extends TrainableModel<C>> TrainedModel<C, M> train(ModelTraining.Built<C, M> built,
                                                                       Schedule schedule, RunContext context,
                                                                       Budget budget, SplittableRandom rng) {
        Curve loss = new Curve();
        Curve acceptance = new Curve();
        Curve anneal = new Curve();
        List<String> warnings = new ArrayList<>();
        long steps = 0;
        double t = 1;
        double lastLoss = Double.NaN;
        if (schedule.trainFraction() > 0) {
            long start = System.nanoTime();
            long lastReport = start;
            while (!budget.spent(steps)) {
                double done = budget.fractionDone(steps, start);
                t = schedule.anneal() > 0
                        ? Math.min(1, schedule.annealStart() + (1 - schedule.annealStart()) * done / schedule.anneal())
                        : 1;
                Step step = built.reverseKl().step(t, rng);
                double acc = step.logWeights() == null ? Double.NaN
                        : ImportanceWeights.independenceAcceptance(step.logWeights(),
                        Math.min(schedule.batch(), ACCEPTANCE_SAMPLES));
                loss.add(steps, step.freeEnergy());
                if (step.logWeights() != null) {
                    acceptance.add(steps, acc);
                }
                anneal.add(steps, t);
                lastLoss = step.freeEnergy();
                steps++;
                if (System.nanoTime() - lastReport > PROGRESS_NANOS) {
                    lastReport = System.nanoTime();
                    context.progress().update("training", budget.fractionDone(steps, start),
                            String.format("step %d, beta factor %.3f, free energy %.5g%s", steps, t,
                                    step.freeEnergy(), Double.isNaN(acc) ? ""
                                            : String.format(", est. acceptance %.3f", acc)));
                }
            }
            if (t < 1) {
                warnings.add(String.format("training ended at beta factor %.3f < 1: the model was trained for a "
                        + "hotter target; give more budget or lower anneal", t));
            }
        } else {
            warnings.add("train_fraction = 0: the model is untrained");
        }
        Map<String, RunRecord.Curve> history = new LinkedHashMap<>();
        history.put("loss", loss.toCurve());
        history.put("acceptance_global", acceptance.toCurve());
        history.put("anneal_beta_factor", anneal.toCurve());
        Map<String, Object> details = details(built, steps);
        details.put("final_beta_factor", t);
        details.put("final_free_energy", lastLoss);
        save(built, context);
        return new TrainedModel<>(built.model(), built.sampling(), history, steps * (long) schedule.batch(), steps,
                details, warnings);
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
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot write %s: %s", file, e.getMessage());
        }
    }

    /** A growable (x, y) series. */
    private static final class Curve {
        private double[] x = new double[64];
        private double[] y = new double[64];
        private int size;

        void add(double xv, double yv) {
            if (size == x.length) {
                x = Arrays.copyOf(x, 2 * size);
                y = Arrays.copyOf(y, 2 * size);
            }
            x[size] = xv;
            y[size] = yv;
            size++;
        }

        RunRecord.Curve toCurve() {
            return new RunRecord.Curve("training step", Arrays.copyOf(x, size), Arrays.copyOf(y, size));
        }
    }
}
