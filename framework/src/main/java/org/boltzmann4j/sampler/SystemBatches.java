package org.boltzmann4j.sampler;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.model.BatchEnergy;
import org.boltzmann4j.model.BatchView;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.SpinSystem;

/**
 * How a system's configurations of type C sit in a row-major batch (of the same array type) and
 * its batched U, for code written once over configuration types (model proposals, importance
 * sampling).
 */
record SystemBatches<C>(BatchView<C, C> view, BatchEnergy<C> energies) {

    @SuppressWarnings("unchecked")
    static <C> SystemBatches<C> of(BoltzmannSystem<C> system) {
        if (system instanceof ContinuousSystem s) {
            return (SystemBatches<C>) new SystemBatches<>(BatchView.REAL, s::energies);
        }
        if (system instanceof SpinSystem s) {
            return (SystemBatches<C>) new SystemBatches<>(BatchView.SPIN, s::energies);
        }
        throw B4jException.badInput("%s is neither a continuous nor a spin system: model-based samplers cannot batch it",
                system.name());
    }
}
