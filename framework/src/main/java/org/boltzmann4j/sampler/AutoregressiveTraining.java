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
import org.boltzmann4j.kernel.Chains;
import org.boltzmann4j.kernel.MarkovKernel;
import org.boltzmann4j.model.GenerativeModel;
import org.boltzmann4j.model.autoregressive.AutoregressiveModel;
import org.boltzmann4j.model.autoregressive.ReverseKlTrainer;
import org.boltzmann4j.system.SpinSystem;
import org.boltzmann4j.system.SymmetryGroup;

/** The training phase and the chain-based production phase shared by nis, nmcmc and ncus. */
final class AutoregressiveTraining {

    private static final long PROGRESS_NANOS = 500_000_000L;
    /** Samples of a training batch used for the O(n²) acceptance estimate. */
    private static final int ACCEPTANCE_SAMPLES = 512;

    private AutoregressiveTraining() {
    }

    /**
     * A trained model with its record.
     *
     * @param model    the autoregressive model q̃
     * @param sampling q̃ or its spin-flip average, what the samplers draw from
     */
    record Trained(AutoregressiveModel model, GenerativeModel<byte[]> sampling, Map<String, RunRecord.Curve> history,
                   long energyEvaluations, long steps, Map<String, Object> details, List<String> warnings) {
    }

    /**
     * Builds the model and trains it by reverse KL on the first {@code trainFraction} of the
     * context's budget, annealing the target exp(-t U) from t = annealStart to 1; saves it into
     * the context's model directory when there is one.
     */
    static Trained train(SpinSystem system, NeuralSpinSettings s, RunContext context, Budget budget,
                         SplittableRandom root) {
        AutoregressiveModel model = s.newModel(system, root.nextLong());
        SymmetryGroup<byte[]> flip = s.symmetrize() ? system.symmetries().signFlipSubgroup() : null;
        boolean symmetrized = flip != null && flip.order() > 1;
        ReverseKlTrainer trainer = new ReverseKlTrainer(model, symmetrized ? flip : null, system::energies, s.batch());
        SplittableRandom rng = root.split();
        Curve loss = new Curve();
        Curve acceptance = new Curve();
        Curve anneal = new Curve();
        List<String> warnings = new ArrayList<>();
        long steps = 0;
        double t = 1;
        double lastLoss = Double.NaN;
        if (s.trainFraction() > 0) {
            long start = System.nanoTime();
            long lastReport = start;
            while (!budget.spent(steps)) {
                double done = budget.fractionDone(steps, start);
                t = s.anneal() > 0 ? Math.min(1, s.annealStart() + (1 - s.annealStart()) * done / s.anneal()) : 1;
                ReverseKlTrainer.Step step = trainer.step(t, rng);
                double acc = ImportanceWeights.independenceAcceptance(step.logWeights(),
                        Math.min(s.batch(), ACCEPTANCE_SAMPLES));
                loss.add(steps, step.freeEnergy());
                acceptance.add(steps, acc);
                anneal.add(steps, t);
                lastLoss = step.freeEnergy();
                steps++;
                if (System.nanoTime() - lastReport > PROGRESS_NANOS) {
                    lastReport = System.nanoTime();
                    context.progress().update("training", budget.fractionDone(steps, start),
                            String.format("step %d, beta factor %.3f, free energy %.5g, est. acceptance %.3f",
                                    steps, t, step.freeEnergy(), acc));
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
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", s.model());
        details.put("model_parameters", model.parameterCount());
        details.put("symmetrized", symmetrized);
        details.put("training_steps", steps);
        details.put("final_beta_factor", t);
        details.put("final_free_energy", lastLoss);
        if (context.modelDir() != null) {
            model.save(context.modelDir());
            writeDescription(context, s, symmetrized);
        }
        return new Trained(model, trainer.samplingModel(), history, steps * (long) s.batch(), steps, details, warnings);
    }

    private static void writeDescription(RunContext context, NeuralSpinSettings s, boolean symmetrized) {
        String loader = s.model().equals("pixelcnn") ? "PixelCnn" : "Made";
        String text = "# reload with org.boltzmann4j.model.autoregressive." + loader + ".load(dir)\n"
                + "model=" + s.model() + "\n"
                + "symmetry=" + (symmetrized ? "sign-flip average q(s) = [q(s) + q(-s)]/2" : "none") + "\n";
        Path file = context.modelDir().resolve("model.txt");
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot write %s: %s", file, e.getMessage());
        }
    }

    /**
     * Runs {@code chains} chains started from model samples, each cycle being one sweep of the
     * global kernel followed by {@code localSweeps} sweeps of the local one, and records every
     * observable of every chain after every cycle. At least one cycle runs.
     */
    static RunRecord runChains(SpinSystem system, RunContext context, Trained trained, Budget production, int chains,
                               MarkovKernel<byte[]> global, MarkovKernel<byte[]> local, int localSweeps,
                               SplittableRandom root, Map<String, Object> details, List<String> warnings) {
        int d = system.dimension();
        byte[] xs = new byte[chains * d];
        trained.sampling().sample(chains, root.split(), xs, new double[chains]);
        List<byte[]> initial = new ArrayList<>(chains);
        for (int c = 0; c < chains; c++) {
            initial.add(Arrays.copyOfRange(xs, c * d, (c + 1) * d));
        }
        Chains<byte[]> state = Chains.start(system, initial, byte[]::clone, root.nextLong());
        TraceRecorder<byte[]> recorder = TraceRecorder.bounded(system.observables(), chains, TraceRecorder.DEFAULT_VALUES);
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
            global.sweep(state);
            for (int l = 0; local != null && l < localSweeps; l++) {
                local.sweep(state);
            }
            recorder.step(state::state);
            cycles++;
            if (System.nanoTime() - lastReport > PROGRESS_NANOS) {
                lastReport = System.nanoTime();
                context.progress().update("production", production.fractionDone(cycles, start),
                        String.format("cycle %d, global acceptance %.3f", cycles, global.acceptance()));
            }
        } while (!production.spent(cycles));
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
        List<String> allWarnings = new ArrayList<>(trained.warnings());
        allWarnings.addAll(warnings);
        return new RunRecord(recorder.names(), recorder.traces(), recorder.stride(), null, acceptance,
                trained.history(), trained.energyEvaluations() + state.energyEvaluations(), null, cycles, all,
                allWarnings);
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
