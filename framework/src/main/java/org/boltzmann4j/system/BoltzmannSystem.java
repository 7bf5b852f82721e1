package org.boltzmann4j.system;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;

/**
 * A Boltzmann density exp(-U(x)) over configurations of type C. U is the reduced energy: it
 * includes β. Subclasses of {@link ContinuousSystem} (fields, particles) or {@link SpinSystem}
 * (Ising-type lattices) supply U; this base declares what every system shares: parameters,
 * observables, order parameters, symmetries and metastable states — and what is known about it
 * exactly, so that the analysis needs no knowledge of any particular system.
 *
 * @param <C> one configuration: {@code double[]} or {@code byte[]}
 */
public abstract class BoltzmannSystem<C> {

    private final String name;
    private final Parameters parameters;
    /** The registry entry that built this system, or null (built directly). */
    private SystemFactory registryEntry;

    protected BoltzmannSystem(String name, Parameters parameters) {
        this.name = name;
        this.parameters = parameters;
    }

    /** Registry name, e.g. {@code phi4-chain}. */
    public final String name() {
        return name;
    }

    /** Every parameter with its value. */
    public final Parameters parameters() {
        return parameters;
    }

    /** Number of degrees of freedom (sites, field components, particle coordinates). */
    public abstract int dimension();

    /** Reduced energy U(x), β included. */
    public abstract double energy(C x);

    /** A fresh zero configuration. */
    public abstract C newConfiguration();

    /** Observables measured in every run; by default the order parameters. */
    public List<Observable<C>> observables() {
        return orderParameters().stream().map(OrderParameter::observable).toList();
    }

    /** Collective variables separating metastable states, the first being the primary one. */
    public List<OrderParameter<C>> orderParameters() {
        return List.of();
    }

    /**
     * The finite symmetries of U (exact or approximate) that can be listed or indexed, so that a
     * model can average over them exactly; the identity alone by default.
     */
    public abstract SymmetryGroup<C> symmetries();

    /**
     * The whole symmetry group of U as an action: applied, sampled uniformly and used for
     * canonicalisation without being listed (permutations of identical particles, rotations).
     * Random symmetry moves ({@code org.boltzmann4j.kernel.SymmetryMoves}) draw from it. By default
     * the listed group {@link #symmetries()}.
     */
    public GroupAction<C> symmetryAction() {
        return symmetries();
    }

    /** Representative configurations of the metastable states, used to start chains. */
    public List<C> metastableStates() {
        return List.of();
    }

    /**
     * Which declared metastable state a configuration belongs to, by the system's own definition: an
     * observable whose value is an index into {@link #metastableStates()} (for a cluster, the minimum a
     * quench reaches), or null: none. The states' weights by this label are reported beside those of
     * the declared state nearest in order-parameter space. It may be costly: chain samplers evaluate it
     * on a few hundred evenly spaced records per chain, not on every record.
     */
    public Observable<C> stateLabel() {
        return null;
    }

    /** Ensemble observables (fluctuations, ln Z per site) the analysis estimates for this system. */
    public List<DerivedObservable> derivedObservables() {
        return List.of();
    }

    /**
     * Whether Z = ∫ exp(-U) is finite. A system with a free direction (the centre of mass of a
     * translation-invariant cluster) is not normalisable: averages of invariant observables are still
     * well defined, but ln Z is infinite, so no estimate of it is reported.
     */
    public boolean normalizable() {
        return true;
    }

    /** Exact answers at these parameters, where known (transfer matrix, quadrature, Kaufman...). */
    public Optional<ExactReference> exactReference() {
        return Optional.empty();
    }

    /**
     * Where thermodynamic integration ({@code ti}) starts unless told otherwise: parameter values, in
     * the order of the path's legs, at which the exact reference knows ln Z and from which every leg
     * keeps Z finite; empty where the system declares none (or where it is exact itself).
     */
    public Map<String, Double> thermodynamicStart() {
        return Map.of();
    }

    /** Inverse temperature, when the system has one. */
    public Optional<Double> beta() {
        return parameters.has("beta") ? Optional.of(parameters.real("beta")) : Optional.empty();
    }

    /**
     * The same system at another inverse temperature (for parallel tempering). Systems with a
     * {@code beta} parameter override this.
     */
    public BoltzmannSystem<C> atBeta(double newBeta) {
        throw B4jException.badInput("system %s has no temperature parameter to temper over", name);
    }

    void builtBy(SystemFactory entry) {
        registryEntry = entry;
    }

    /**
     * The same system with some real parameters set to other values (the nodes of thermodynamic
     * integration), built by the registry entry that built this one.
     *
     * @throws B4jException (bad input) for a system not built from the registry, an unknown or
     *                      non-real parameter, a value out of its range, or values the system refuses
     */
    @SuppressWarnings("unchecked")
    public BoltzmannSystem<C> withParameters(Map<String, Double> values) {
        Parameters changed = parameters;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            String key = e.getKey();
            if (registryEntry == null) {
                throw B4jException.badInput("system %s was built directly, not from the registry: it cannot be "
                        + "rebuilt at %s = %s", name, key, e.getValue());
            }
            ParameterSpec spec = registryEntry.parameters().stream().filter(s -> s.name().equals(key)).findFirst()
                    .orElseThrow(() -> B4jException.badInput("system %s has no parameter %s; its parameters: %s", name,
                            key, String.join(", ", registryEntry.parameters().stream().map(ParameterSpec::name)
                                    .toList())));
            if (spec.type() != ParameterSpec.Type.REAL) {
                throw B4jException.badInput("parameter %s of %s is not a real number (%s)", key, name, spec.allowed());
            }
            changed = changed.with(key, spec.parse(Double.toString(e.getValue())));
        }
        return values.isEmpty() ? this : (BoltzmannSystem<C>) registryEntry.create(changed);
    }

    /** {@link #withParameters} with one parameter. */
    public BoltzmannSystem<C> withParameter(String key, double value) {
        return withParameters(Map.of(key, value));
    }

    @Override
    public String toString() {
        return name + parameters;
    }
}
