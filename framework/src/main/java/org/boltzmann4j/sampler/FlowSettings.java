package org.boltzmann4j.sampler;

import java.nio.file.Path;
import java.util.List;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.model.flow.BaseDistribution;
import org.boltzmann4j.model.flow.GaussianPrecision;
import org.boltzmann4j.model.flow.RealNvp;
import org.boltzmann4j.model.flow.RealNvpConfig;
import org.boltzmann4j.model.flow.StandardNormal;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.LaplaceApproximation;

/**
 * The RealNVP flow of the model-based samplers on continuous systems ({@code flow-mcmc}, and
 * {@code nis}/{@code nmcmc} with {@code model=realnvp}).
 *
 * @param base         {@link #LAPLACE} (the Gaussian at the first metastable state's minimum, where U has one) or "normal"
 * @param hidden       conditioner width H
 * @param couplings    affine coupling layers
 * @param learningRate Adam step size
 * @param float32      network arithmetic in float32 (ln q accumulated in float64)
 * @param initModel    a saved flow to start from instead of a fresh one ({@link SavedModels}), or null
 */
public record FlowSettings(String base, int hidden, int couplings, double learningRate, boolean float32,
                           Path initModel) {

    static final String LAPLACE = "laplace";

    static final ParameterSpec BASE = ParameterSpec.choice("base", LAPLACE, List.of(LAPLACE, "normal"),
            "flow base: Laplace approximation of the first metastable state (where declared) or N(0, I)");
    static final ParameterSpec COUPLINGS = ParameterSpec.integer("couplings", 6, 1, 64, "realnvp: affine coupling layers");
    static final ParameterSpec FLOAT32 = ParameterSpec.flag("float32", false,
            "realnvp: network arithmetic in float32 (ln q still accumulated in float64)");

    /** Reads base, hidden, couplings, lr, float32 and init_model. */
    static FlowSettings from(Parameters p) {
        return new FlowSettings(p.text("base"), p.integer("hidden"), p.integer("couplings"), p.real("lr"),
                p.flag("float32"), SavedModels.directory(p));
    }

    /**
     * The saved flow when there is one, else a fresh flow, the identity map on its base: the Laplace
     * approximation of the first metastable state when asked and possible.
     */
    RealNvp createFlow(ContinuousSystem system, long seed) {
        if (initModel != null) {
            return (RealNvp) SavedModels.load(initModel);
        }
        int d = system.dimension();
        BaseDistribution baseDistribution = new StandardNormal(d);
        if (LAPLACE.equals(base) && !system.metastableStates().isEmpty()) {
            baseDistribution = LaplaceApproximation.at(system, system.metastableStates().get(0))
                    .<BaseDistribution>map(l -> new GaussianPrecision(l.mode(), l.precision()))
                    .orElse(baseDistribution);
        }
        RealNvpConfig defaults = RealNvpConfig.defaults(d);
        RealNvpConfig config = new RealNvpConfig(d, hidden, couplings, float32, learningRate, defaults.clipNorm(),
                defaults.scaleBound());
        return RealNvp.create(config, baseDistribution, seed);
    }
}
