package org.boltzmann4j.sampler;

import java.util.ArrayList;
import java.util.List;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.Configurations;

/** Where chains start: spread over the declared metastable states, or all in the first one. */
public final class InitialStates {

    public static final String MODES = "modes";
    public static final String ONE_MODE = "one-mode";

    /** The {@code init} sampler parameter. */
    public static final ParameterSpec PARAMETER = ParameterSpec.choice("init", MODES, List.of(MODES, ONE_MODE),
            "modes: chains spread over the system's metastable states; one-mode: all start in the first");

    private InitialStates() {
    }

    /**
     * Starting configurations for {@code chains} chains: round-robin over the metastable states
     * ({@code modes}) or the first state only ({@code one-mode}); the zero configuration when the
     * system declares no states.
     */
    public static <C> List<C> of(BoltzmannSystem<C> system, int chains, String init) {
        List<C> states = system.metastableStates();
        if (states.isEmpty()) {
            states = List.of(system.newConfiguration());
        }
        if (ONE_MODE.equals(init)) {
            states = states.subList(0, 1);
        }
        List<C> out = new ArrayList<>(chains);
        for (int c = 0; c < chains; c++) {
            out.add(Configurations.copy(states.get(c % states.size())));
        }
        return out;
    }
}
