package org.boltzmann4j.sampler;

import org.boltzmann4j.model.flow.BaseDistribution;
import org.boltzmann4j.model.flow.GaussianPrecision;
import org.boltzmann4j.model.flow.RealNvp;
import org.boltzmann4j.model.flow.RealNvpConfig;
import org.boltzmann4j.model.flow.StandardNormal;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.LaplaceApproximation;

/**
 * Configuration of {@link FlowMcmc}.
 *
 * @param chains        number of chains (also the batch of flow proposals)
 * @param localSteps    local sweeps per cycle
 * @param globalSteps   flow proposals per cycle in production, each recorded (training makes one)
 * @param init          {@link InitialStates#MODES} or {@link InitialStates#ONE_MODE}
 * @param equivariant   average the flow over the sign flip, q(-x) = q(x)
 * @param trainFraction share of the budget spent training
 * @param batch         maximum-likelihood minibatch size
 * @param bufferCycles  cycles of chain states kept for training minibatches
 * @param base          "laplace" (the Gaussian at the first metastable state's minimum, where U has one) or "normal"
 * @param hidden        conditioner width H
 * @param couplings     affine coupling layers
 * @param learningRate  Adam step size
 * @param float32       network arithmetic in float32 (ln q accumulated in float64)
 */
public record FlowMcmcSettings(int chains, int localSteps, int globalSteps, String init, boolean equivariant, double trainFraction,
                               int batch, int bufferCycles, String base, int hidden, int couplings,
                               double learningRate, boolean float32) {

    /** Builds the flow; its base is the Laplace approximation of the first metastable state when asked and possible. */
    static final String LAPLACE = "laplace";

    RealNvp createFlow(ContinuousSystem system, long seed) {
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
