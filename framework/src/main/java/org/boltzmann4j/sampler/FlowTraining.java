package org.boltzmann4j.sampler;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.model.BatchEnergyGradient;
import org.boltzmann4j.model.BatchView;
import org.boltzmann4j.model.DivergenceGuard;
import org.boltzmann4j.model.GenerativeModel;
import org.boltzmann4j.model.SymmetrizedModel;
import org.boltzmann4j.model.flow.Flow;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.ParticleSystem;
import org.boltzmann4j.system.SymmetryGroup;

/**
 * Reverse-KL training of a flow (RealNVP, the convolutional flow or eacf) from U and ∇U alone (Noé et
 * al., Science 365, eaaw1147 (2019)), for {@code nis} and {@code nmcmc} on continuous systems; on
 * particle systems towards a target whose high energies are softened ({@link #softened}). With {@code symmetrize}, the
 * sampler draws from and evaluates the sign-flip average q(x) = [q̃(x) + q̃(-x)]/2 of the trained
 * flow q̃, so that a flow that found one of two mirror modes still proposes both; maximum-likelihood
 * training (flow-mcmc, nmcmc objective ml) then fits q̃ to the states' sign-flip images closest to
 * the first metastable state. A flow that is invariant by itself (convflow with z2) is not averaged.
 *
 * @param flow          the flow and its base
 * @param batch         flow samples per step (and per production batch)
 * @param trainFraction share of the run's budget spent training
 * @param symmetrize    sample from the sign-flip average where the system declares the flip
 * @param anneal        share of the training during which the target's β factor rises to 1
 * @param annealStart   the β factor at the start
 */
record FlowTraining(FlowSettings flow, int batch, double trainFraction, boolean symmetrize, double anneal,
                    double annealStart) implements ModelTraining<double[], Flow> {

    static FlowTraining from(Parameters p, String model) {
        return new FlowTraining(FlowSettings.from(p, model), p.integer("batch"), p.real("train_fraction"),
                p.flag("symmetrize"), SavedModels.anneal(p), p.real("anneal_start"));
    }

    @Override
    public Path initModel() {
        return flow.initModel();
    }

    @Override
    public Built<double[], Flow> build(BoltzmannSystem<double[]> system, SplittableRandom root) {
        ContinuousSystem sys = (ContinuousSystem) system;
        Flow model = flow.createFlow(sys, root.nextLong());
        SymmetryGroup<double[]> flip = sys.symmetries().signFlipSubgroup();
        boolean symmetrized = symmetrize && flip.order() > 1 && !flow.signFlipInvariant();
        GenerativeModel<double[]> sampling = symmetrized
                ? new SymmetrizedModel<>(model, flip, BatchView.REAL, new double[sys.dimension()]) : model;
        DivergenceGuard guard = DivergenceGuard.standard("flow training");
        double cap = sys instanceof ParticleSystem ? sys.energy(sys.metastableStates().get(0)) + SOFT_CAP * sys.dimension()
                : Double.POSITIVE_INFINITY;
        ReverseKlTraining.Stepper stepper = (t, rng) -> {
            BatchEnergyGradient target = t >= 1 ? sys::energiesAndGradients : tempered(sys, t);
            double loss = model.reverseKlStep(batch, rng, Double.isInfinite(cap) ? target : softened(target, cap, sys.dimension()));
            if (t >= 1) {
                guard.check(loss); // the loss moves with t while annealing: judge its trend at t = 1 only
            }
            return new ReverseKlTraining.Outcome(loss, null);
        };
        Canonicalizer canonicalizer = symmetrized
                ? new Canonicalizer(flip, InitialStates.of(sys, 1, InitialStates.ONE_MODE).get(0)) : null;
        return new Built<>(model, sampling, flow.model(), model.parameterCount(), symmetrized, stepper,
                flow.reloadWith(),
                canonicalizer == null ? null : canonicalizer::canonicalize);
    }

    /** Per degree of freedom, how far above the first metastable state's U the softened training target starts. */
    private static final double SOFT_CAP = 5;

    /**
     * The reverse-KL target of particle systems: U above U_c (the first metastable state's U plus
     * {@link #SOFT_CAP} per degree of freedom) becomes U_c + ln(1 + U − U_c), its gradient scaled by
     * 1/(1 + U − U_c), so that the r⁻¹² cores of overlapping particles in early model samples do not
     * swamp the gradient. Training only: the samplers' weights use U itself.
     */
    private static BatchEnergyGradient softened(BatchEnergyGradient target, double cap, int d) {
        return (xs, n, u, gradients) -> {
            target.energiesAndGradients(xs, n, u, gradients);
            for (int k = 0; k < n; k++) {
                if (u[k] > cap) {
                    double excess = 1 + u[k] - cap;
                    u[k] = cap + Math.log(excess);
                    for (int i = k * d, end = i + d; i < end; i++) {
                        gradients[i] /= excess;
                    }
                }
            }
        };
    }

    /** t U and t ∇U. */
    private static BatchEnergyGradient tempered(ContinuousSystem system, double t) {
        return (xs, n, u, gradients) -> {
            system.energiesAndGradients(xs, n, u, gradients);
            for (int k = 0; k < n; k++) {
                u[k] *= t;
            }
            for (int i = 0, end = n * system.dimension(); i < end; i++) {
                gradients[i] *= t;
            }
        };
    }
}
