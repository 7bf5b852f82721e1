package org.boltzmann4j.model.flow;

import java.util.random.RandomGenerator;

import org.boltzmann4j.core.Checkpointable;
import org.boltzmann4j.model.BatchEnergyGradient;
import org.boltzmann4j.model.TrainableModel;

/**
 * A normalizing flow over real configurations that trains by maximum likelihood and by reverse KL
 * from U and ∇U alone: what the flow samplers ({@code flow-mcmc}, {@code nis}, {@code nmcmc}) need
 * of {@link RealNvp}, {@link ConvFlow} and {@link Eacf}.
 */
public interface Flow extends TrainableModel<double[]>, Checkpointable {

    /**
     * One optimizer step of reverse KL, KL(q ‖ e^−U / Z), from U and ∇U alone: draws n configurations
     * x = f(z) and follows the reparameterization gradient of the mean of U(x) + ln q(x).
     *
     * @param target U and ∇U of a batch (it is handed arrays that may hold more than n rows)
     * @return the mean of U + ln q before the step: an estimate of KL − ln Z, so an upper bound of −ln Z
     */
    double reverseKlStep(int n, RandomGenerator rng, BatchEnergyGradient target);

    /** Trainable parameters. */
    int parameterCount();
}
