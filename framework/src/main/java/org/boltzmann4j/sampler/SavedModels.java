package org.boltzmann4j.sampler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.model.TrainableModel;
import org.boltzmann4j.model.autoregressive.Han;
import org.boltzmann4j.model.autoregressive.Made;
import org.boltzmann4j.model.autoregressive.PixelCnn;
import org.boltzmann4j.model.flow.ConvFlow;
import org.boltzmann4j.model.flow.Eacf;
import org.boltzmann4j.model.flow.RealNvp;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.SpinSystem;

/**
 * Models saved by earlier runs, the {@code sampler.init_model} of every model-based sampler: one
 * line per model family (its name as {@code sampler.model} gives it, the file its {@code save}
 * writes, whether it models spins, its static {@code load}), found by that file in the directory.
 * A saved model replaces the fresh one a run would build: training continues from it (at the full
 * target, without annealing), and with {@code train_fraction=0} the run samples from it as saved.
 */
final class SavedModels {

    static final String KEY = "init_model";

    static final ParameterSpec INIT_MODEL = ParameterSpec.path(KEY, "an earlier run's model/ directory (or the run "
            + "directory holding it, or the model's file) to start from instead of a fresh model: its architecture, parameters and "
            + "optimizer state; training continues at the full target (no annealing); with train_fraction=0 the run "
            + "samples from it as saved. It must fit the system (dimension, spins or continuous) and sampler.model "
            + "(auto takes its family); a convflow saved on another L x L lattice moves onto this one (its "
            + "convolutions do not depend on L; the base is this run's), and so does a han (the networks of the region "
            + "shapes both lattices share are kept, the others start fresh)");

    /**
     * A model family's saved form.
     *
     * @param name  the family, as {@code sampler.model} names it
     * @param file  the file its save writes into the model directory
     * @param spins whether it models spin configurations (else continuous ones)
     * @param load  reloads a saved model from its directory
     */
    record Family(String name, String file, boolean spins, Function<Path, ? extends TrainableModel<?>> load) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family(ModelChoice.REALNVP, RealNvp.FILE, false, RealNvp::load),
            new Family(ModelChoice.CONVFLOW, ConvFlow.FILE, false, ConvFlow::load),
            new Family(ModelChoice.EACF, Eacf.FILE, false, Eacf::load),
            new Family("made", Made.FILE, true, Made::load),
            new Family("pixelcnn", PixelCnn.FILE, true, PixelCnn::load),
            new Family("han", Han.FILE, true, Han::load));

    private SavedModels() {
    }

    /**
     * The model directory {@code sampler.init_model} names (a run directory stands for its model/, a
     * model's file for its directory), or null for none.
     */
    static Path directory(Parameters p) {
        if (!p.has(KEY) || p.text(KEY).isEmpty()) {
            return null;
        }
        Path dir = Path.of(p.text(KEY));
        if (Files.isRegularFile(dir) && family(dir.getParent()) != null) {
            return dir.getParent(); // the model's own file
        }
        Path inRun = dir.resolve("model");
        return family(dir) == null && family(inRun) != null ? inRun : dir;
    }

    /** Anneal share of the training: none when training continues from a saved model. */
    static double anneal(Parameters p) {
        return directory(p) == null ? p.real("anneal") : 0;
    }

    /**
     * The model family a sampler builds: {@code sampler.model} (where {@code auto} means
     * {@code autoFamily}), or the saved model's family when {@code init_model} is given, after
     * checking that the saved model loads and fits the system and {@code sampler.model}.
     *
     * @param autoFamily the family {@code auto} stands for without a saved model
     * @throws B4jException (bad input) when the saved model is missing, unreadable or does not fit
     */
    static String family(String sampler, BoltzmannSystem<?> system, Parameters p, String autoFamily) {
        String asked = p.text("model");
        Path dir = directory(p);
        if (dir == null) {
            return asked.equals(ModelChoice.AUTO) ? autoFamily : asked;
        }
        String where = "sampler " + sampler + ": " + KEY + "=" + p.text(KEY);
        Family family = family(dir);
        if (family == null) {
            throw B4jException.badInput("%s holds no saved model (none of %s in it or in its model/)", where,
                    String.join(", ", FAMILIES.stream().map(Family::file).toList()));
        }
        boolean spins = system instanceof SpinSystem;
        if (family.spins() != spins) {
            throw B4jException.badInput("%s is a %s model of %s configurations; %s has %s configurations", where,
                    family.name(), family.spins() ? "spin" : "continuous", system.name(),
                    spins ? "spin" : "continuous");
        }
        if (!asked.equals(ModelChoice.AUTO) && !asked.equals(family.name())) {
            throw B4jException.badInput("%s is a %s model but sampler.model=%s; set sampler.model=%s", where,
                    family.name(), asked, family.name());
        }
        int d = load(dir, family, where).dimension();
        // convflow and han move onto any L x L lattice (FlowSettings, NeuralSpinSettings)
        boolean transfers = family.name().equals(ModelChoice.CONVFLOW) || family.name().equals("han");
        if (d != system.dimension() && !transfers) {
            throw B4jException.badInput("%s models %d degrees of freedom; %s has %d", where, d, system.name(),
                    system.dimension());
        }
        return family.name();
    }

    /** The saved model in a directory checked by {@link #family(String, BoltzmannSystem, Parameters, String)}. */
    static TrainableModel<?> load(Path dir) {
        return load(dir, family(dir), KEY + "=" + dir);
    }

    private static TrainableModel<?> load(Path dir, Family family, String where) {
        try {
            return family.load().apply(dir);
        } catch (RuntimeException | OutOfMemoryError e) {
            String reason = e instanceof B4jException ? e.getMessage() : "the file is corrupt";
            throw B4jException.badInput("%s cannot be read (%s)", where, reason);
        }
    }

    private static Family family(Path dir) {
        return FAMILIES.stream().filter(f -> Files.isRegularFile(dir.resolve(f.file()))).findFirst().orElse(null);
    }
}
