package org.boltzmann4j.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.boltzmann4j.analysis.freeenergy.BennettAcceptanceRatio;
import org.boltzmann4j.analysis.freeenergy.Rates;
import org.boltzmann4j.analysis.freeenergy.StateOccupancy;
import org.boltzmann4j.analysis.freeenergy.ThermodynamicIntegration;
import org.boltzmann4j.analysis.profile.FreeEnergyProfile;
import org.boltzmann4j.analysis.profile.FreeEnergySurface;
import org.boltzmann4j.analysis.profile.Profile;
import org.boltzmann4j.analysis.stats.Crossings;
import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.analysis.stats.McStatistics;
import org.boltzmann4j.model.flow.Eacf;
import org.boltzmann4j.sampler.ImportanceWeights;
import org.boltzmann4j.sampler.ParetoTail;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.DerivedObservable;
import org.boltzmann4j.system.OrderParameter;

/**
 * Turns a {@link RunRecord} into a {@link RunReport}: autocorrelation-aware estimates, crossings of
 * the primary order parameter with mean first-passage times ({@link Rates}, once each direction saw
 * {@value #MIN_TRANSITIONS_FOR_MFPT} transitions), its free-energy profile, and comparison with
 * exact references. A system with two or more order parameters also gets the free-energy surface
 * over the first two ({@link FreeEnergySurface}, {@value #SURFACE_BINS}² cells over their ranges) and,
 * where it declares two or more metastable states, their occupancy in the order parameters' space
 * ({@link StateOccupancy}: weights, and passages between the first state and the others), whose
 * errors the rule of {@link McStatistics#distrust} raises where it distrusts them: chains that sit in
 * the states they started in (split R-hat infinite) cannot report a small error of the weights.
 * ln Z comes from importance sampling over the model's draws or, where the record also holds the
 * chains' ln w (flow-mcmc and nmcmc with local moves), from Bennett's acceptance ratio between the two
 * ({@link BennettAcceptanceRatio}), whose error stays honest when the weights' tail is heavy.
 *
 * <p>Honest errors under poor mixing: a chain's mode is only resampled when it crosses the barrier,
 * so an observable that follows the order parameter (one whose value differs between the declared
 * metastable states, or, without declared states, whose |correlation| with it exceeds 0.5) cannot
 * have more independent samples than there were crossings. When a run saw fewer than
 * {@value #FEW_CROSSINGS} crossings, such observables get an error of at least
 * max(sd, half their spread over the states)/√(crossings+1) — so chains that all sat in one state
 * report ignorance rather than zero error — and the report warns. The rule presumes that the chains
 * sit near the declared states; where almost no record does (LJ13 at β = 1 is liquid, far from its
 * solid minima), the states are not metastable there and the rule is off, with a warning.
 */
public final class RunAnalysis {

    static final int FEW_CROSSINGS = 100;
    /** The share of records near the declared states below which crossings between them are not counted. */
    static final double MIN_SHARE_NEAR_STATES = 0.05;
    /** The key of ln Z among {@link RunReport#untrusted()}: its ESS is the Kish ESS of the importance weights. */
    public static final String LN_Z = "ln_z";
    /** The diagnostics key naming the estimator of ln Z where it is not importance sampling. */
    public static final String LN_Z_ESTIMATOR = "ln_z_estimator";
    /** Bennett's acceptance ratio: the name of the estimator and the key of its facts among the diagnostics. */
    public static final String BAR = "bennett_acceptance_ratio";
    /** Thermodynamic integration: the name of the estimator and the key of its facts among the diagnostics. */
    public static final String TI = "thermodynamic_integration";
    /** Transitions each way below which no mean first-passage time is reported. */
    public static final int MIN_TRANSITIONS_FOR_MFPT = 10;
    static final int PROFILE_BINS = 64;
    static final int SURFACE_BINS = 48;
    static final int EXACT_PROFILE_POINTS = 400;

    private RunAnalysis() {
    }

    public static RunReport analyze(BoltzmannSystem<?> system, RunRecord record) {
        if (record.umbrella() != null) {
            return UmbrellaAnalysis.analyze(system, record);
        }
        List<String> warnings = new ArrayList<>(record.warnings());
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        BennettAcceptanceRatio bar = system.normalizable() ? bridge(record) : null;
        if (bar != null) {
            diagnostics.put(LN_Z_ESTIMATOR, BAR);
            diagnostics.put(BAR, Map.of("overlap", bar.overlap(), "model_samples", bar.modelSamples(),
                    "chain_samples", bar.chainSamples(), "chain_thinning", bar.thinning()));
            diagnostics.put("ln_z_importance_sampling", Map.of("estimate", record.lnZ().estimate(),
                    "stderr", record.lnZ().stderr()));
            record = record.withLnZ(new RunRecord.LnZ(bar.lnZ(), bar.stderr()));
        }
        ThermodynamicIntegration.Path ti = record.path() != null && system.normalizable()
                ? ThermodynamicIntegration.along(record.path()) : null;
        if (ti != null) {
            diagnostics.put(LN_Z_ESTIMATOR, TI);
            diagnostics.put(TI, ti.facts());
            if (Double.isFinite(ti.lnZ())) {
                record = record.withLnZ(new RunRecord.LnZ(ti.lnZ(), ti.error()));
            }
        }
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        List<String> names = record.observableNames();
        boolean weighted = record.logWeights() != null;
        String heavyTail = heavyTailed(record);
        long records = names.isEmpty() ? 0 : record.traces()[0][0].length;
        if (records < 2) {
            warnings.add("the production phase recorded " + records + " samples: no estimate is possible;"
                    + " give the run a larger budget");
        }
        for (int o = 0; o < names.size() && records > 0; o++) {
            double[][] traces = record.traces()[o];
            estimates.put(names.get(o), weighted ? McStatistics.weighted(traces[0], record.logWeights())
                    : McStatistics.estimate(traces));
        }
        Map<String, String> untrusted = distrust(record, weighted, weighted ? heavyTail : null, estimates);
        if (records >= 2) {
            DerivedObservables.add(system, record, estimates);
        }
        RunReport.Transitions transitions = null;
        RunReport.ProfileResult profile = null;
        CheckedExactReference exact = new CheckedExactReference(system::exactReference);
        if (!system.orderParameters().isEmpty() && records > 0) {
            OrderParameter<?> op = system.orderParameters().get(0);
            int index = names.indexOf(op.name());
            if (index >= 0) {
                double[][] traces = record.traces()[index];
                boolean crossingsCount = !weighted && statesVisited(system, traces, warnings);
                if (!weighted) {
                    transitions = transitions(op, traces, record);
                }
                if (crossingsCount) {
                    inflateForFewCrossings(system, record, index, transitions, estimates, warnings);
                } else if (weighted) {
                    warnIfTheModelMissedAState(system, traces[0], warnings);
                }
                Profile sampled = weighted
                        ? FreeEnergyProfile.weighted(traces[0], record.logWeights(), op.low(), op.high(), PROFILE_BINS)
                        : FreeEnergyProfile.estimate(traces, op.low(), op.high(), PROFILE_BINS);
                if (crossingsCount && transitions.count() < FEW_CROSSINGS) {
                    sampled = withErrorFloor(sampled, 1 / Math.sqrt(transitions.count() + 1.0));
                }
                sampled = withModelProposals(sampled, op, record.proposals());
                profile = profileResult(op, sampled, exact);
            }
        }
        RunRecord.LnZ lnZ = record.lnZ();
        if (lnZ != null && !system.normalizable()) {
            warnings.add(Eacf.NAME.equals(record.details().get("model"))
                    ? String.format(Locale.ROOT, "ln Z of %s over all coordinates is infinite (the centre of mass is "
                    + "free) and not reported as ln_z; the eacf model's estimate over the centre-of-mass-free subspace "
                    + "(orthonormal coordinates) is %.10g +- %.3g", system.name(), lnZ.estimate(), lnZ.stderr())
                    : String.format(Locale.ROOT, "ln Z of %s is infinite (a free direction such as the centre of "
                    + "mass): the sampler's estimate %.6g reflects only how far its model spread along it and is "
                    + "not reported", system.name(), lnZ.estimate()));
            lnZ = null;
        }
        if (lnZ != null && bar != null) {
            if (bar.untrustedBecause() != null) {
                untrusted.put(LN_Z, bar.untrustedBecause());
                lnZ = new RunRecord.LnZ(lnZ.estimate(), Double.NaN);
            }
        } else if (lnZ != null && ti != null) {
            if (ti.untrustedBecause() != null) {
                untrusted.put(LN_Z, ti.untrustedBecause());
                lnZ = new RunRecord.LnZ(lnZ.estimate(), Double.NaN);
            }
        } else if (lnZ != null && record.details().get("kish_ess") instanceof Number ess
                && !(ess.doubleValue() >= McStatistics.MIN_TAUS_PER_CHAIN)) {
            untrusted.put(LN_Z, String.format(Locale.ROOT, "Kish ESS %.3g of the model samples", ess.doubleValue()));
            lnZ = new RunRecord.LnZ(lnZ.estimate(), Double.NaN);
        } else if (lnZ != null && heavyTail != null) {
            untrusted.put(LN_Z, heavyTail);
            lnZ = new RunRecord.LnZ(lnZ.estimate(), Double.NaN);
        }
        if (!untrusted.isEmpty()) {
            distrustDerived(system, untrusted, estimates);
            warnings.add(untrustedWarning(untrusted));
        }
        FreeEnergySurface surface = records > 0 ? surface(system, record) : null;
        StateOccupancy states = records > 0 ? occupancy(system, record) : null;
        if (states != null) {
            states = distrustWeights(states, record, weighted ? heavyTail : null, warnings);
        }
        return new RunReport(estimates, lnZ, transitions, profile, exact.observables(), exact.lnZ(), warnings,
                null, diagnostics, untrusted, exact.failure(), surface, states);
    }

    /**
     * Bennett's acceptance ratio between the model's production draws and the chains' states, where
     * the record holds both (flow-mcmc and nmcmc with local moves) and ln Z; else null.
     */
    private static BennettAcceptanceRatio bridge(RunRecord record) {
        RunRecord.WeightedSamples draws = record.proposals();
        if (record.lnZ() == null || draws == null || draws.chainLogWeights() == null || draws.logWeights() == null
                || draws.logWeights().length < 2 || draws.chainLogWeights()[0].length < 2) {
            return null;
        }
        return BennettAcceptanceRatio.estimate(draws.logWeights(), draws.chainLogWeights());
    }

    /**
     * The weights with {@link McStatistics#untrusted} errors where {@link McStatistics#distrust}
     * distrusts them or, for importance weights, where their tail is {@link #heavyTailed} ({@code
     * heavyTail}, else null), and no error (NaN) for a state no record visited; the same for the weights
     * of the system's labels beside them, on the labels' records.
     */
    private static StateOccupancy distrustWeights(StateOccupancy states, RunRecord record, String heavyTail,
                                                  List<String> warnings) {
        boolean weighted = record.logWeights() != null;
        List<String> reasons = new ArrayList<>();
        StateOccupancy byLabel = states.byLabel() == null ? null
                : distrusted(states.byLabel(), record.stateLabels().labels()[0].length, null, new ArrayList<>(), null);
        StateOccupancy checked = distrusted(states, record.traces()[0][0].length, heavyTail, reasons, byLabel);
        if (!reasons.isEmpty()) {
            warnings.add("weights of metastable states whose error bars cannot be trusted: " + String.join(", ", reasons)
                    + "; raised to one sample's standard deviation: " + (weighted
                    ? "the model's samples do not give their weights reliably"
                    : "the chains have not moved between the states enough for their weights to be known"));
        }
        return checked;
    }

    /** The weights of {@code states} with {@link #distrustWeights}'s verdicts, each reason added to {@code reasons}. */
    private static StateOccupancy distrusted(StateOccupancy states, long recordsPerChain, String heavyTail,
                                             List<String> reasons, StateOccupancy byLabel) {
        Estimate[] weights = states.weights().clone();
        String[] because = new String[weights.length];
        for (int s = 0; s < weights.length; s++) {
            Estimate w = weights[s];
            String reason = w.mean() == 0 ? "never visited" : w.mean() == 1 ? "every record in it: the other "
                    + "states' weights are below what the run resolves" : heavyTail != null ? heavyTail
                    : McStatistics.distrust(w, recordsPerChain, states.startDrifts()[s]);
            if (reason != null) {
                // a state no record visited has no error to give: its weight is below what the run resolves
                weights[s] = w.mean() == 0 ? new Estimate(0, Double.NaN, Double.NaN, 0, 0, Double.NaN)
                        : McStatistics.untrusted(w);
                reasons.add("state " + s + " (" + reason + ")");
                because[s] = reason;
            }
        }
        return states.withWeights(weights, because, byLabel);
    }

    /** Traces {@code [order parameter][chain][record]} of every order parameter, or null when one was not recorded. */
    private static double[][][] orderParameterTraces(BoltzmannSystem<?> system, RunRecord record) {
        List<? extends OrderParameter<?>> ops = system.orderParameters();
        double[][][] traces = new double[ops.size()][][];
        for (int k = 0; k < ops.size(); k++) {
            int index = record.observableNames().indexOf(ops.get(k).name());
            if (index < 0) {
                return null;
            }
            traces[k] = record.traces()[index];
        }
        return traces;
    }

    /** F over the first two order parameters' ranges, or null with fewer than two. */
    private static FreeEnergySurface surface(BoltzmannSystem<?> system, RunRecord record) {
        List<? extends OrderParameter<?>> ops = system.orderParameters();
        double[][][] traces = ops.size() < 2 ? null : orderParameterTraces(system, record);
        if (traces == null) {
            return null;
        }
        OrderParameter<?> x = ops.get(0);
        OrderParameter<?> y = ops.get(1);
        var grid = new FreeEnergySurface.Grid(x.name(), x.low(), x.high(), y.name(), y.low(), y.high(), SURFACE_BINS);
        return record.logWeights() != null
                ? FreeEnergySurface.weighted(traces[0][0], traces[1][0], record.logWeights(), grid)
                : FreeEnergySurface.estimate(traces[0], traces[1], grid);
    }

    /** Occupancy of the declared states, or null with fewer than two states or two order parameters. */
    private static <C> StateOccupancy occupancy(BoltzmannSystem<C> system, RunRecord record) {
        List<OrderParameter<C>> ops = system.orderParameters();
        List<C> declared = ops.size() < 2 ? List.of() : system.metastableStates();
        double[][][] traces = declared.size() < 2 ? null : orderParameterTraces(system, record);
        if (traces == null) {
            return null;
        }
        double[][] states = new double[declared.size()][ops.size()];
        for (int s = 0; s < states.length; s++) {
            for (int k = 0; k < ops.size(); k++) {
                states[s][k] = ops.get(k).observable().value(declared.get(s));
            }
        }
        // the unit of distance: each order parameter's hysteresis half-width, or 1% of its range where that is 0
        double[] scales = ops.stream().mapToDouble(op -> op.threshold() > 0 ? op.threshold() : 0.01 * (op.high() - op.low()))
                .toArray();
        List<String> names = ops.stream().map(OrderParameter::name).toList();
        if (record.logWeights() != null) {
            double[][] values = new double[ops.size()][];
            for (int k = 0; k < values.length; k++) {
                values[k] = traces[k][0];
            }
            return StateOccupancy.weighted(names, states, scales, values, record.logWeights());
        }
        StateOccupancy occupancy = StateOccupancy.estimate(names, states, scales, traces, Rates.stepsPerRecord(record));
        RunRecord.StateLabels labels = record.stateLabels();
        return labels == null ? occupancy : occupancy.withLabels(labels.name(), labels.labels());
    }

    /**
     * Applies {@link McStatistics#distrust} to every sampled observable's own estimate (before the
     * crossings' floor, which bounds the states' weights, not τ_int), raising the error of those it
     * distrusts ({@link McStatistics#untrusted}), or, for weighted samples, every estimate where the
     * weights' tail is {@code heavy} (the reason, else null). Returns the reasons by name.
     */
    private static Map<String, String> distrust(RunRecord record, boolean weighted, String heavy,
                                                Map<String, Estimate> estimates) {
        Map<String, String> untrusted = new LinkedHashMap<>();
        List<String> sampled = record.observableNames();
        for (int o = 0; o < sampled.size(); o++) {
            String name = sampled.get(o);
            Estimate e = estimates.get(name);
            double[][] traces = record.traces()[o];
            String reason = e == null ? null : !weighted ? McStatistics.distrust(e, traces)
                    : heavy == null ? McStatistics.distrust(e, traces[0].length) : heavy;
            if (reason != null) {
                untrusted.put(name, reason);
                estimates.put(name, McStatistics.untrusted(e));
            }
        }
        return untrusted;
    }

    /**
     * Why no estimate from the run's importance weights can be trusted, or null: their Pareto k̂
     * above {@link ParetoTail#INFINITE_VARIANCE}, where the weights' variance, and with it that of
     * ln Z and of every self-normalised weighted mean, is infinite and the delta-method errors are
     * optimistic.
     */
    private static String heavyTailed(RunRecord record) {
        return record.details().get(ImportanceWeights.PARETO_K) instanceof Number k
                && k.doubleValue() > ParetoTail.INFINITE_VARIANCE
                ? String.format(Locale.ROOT, "Pareto k-hat %.2f of the importance weights (above %.1f their variance "
                + "is infinite and the errors of weighted means optimistic)", k.doubleValue(),
                ParetoTail.INFINITE_VARIANCE)
                : null;
    }

    /**
     * A derived observable of an untrusted observable (a fluctuation, a function of averages), and
     * ln Z per site from an untrusted ln Z, are untrusted too; having no variance of their own to
     * fall back on, their error is left out (NaN, null in results.json).
     */
    private static void distrustDerived(BoltzmannSystem<?> system, Map<String, String> untrusted,
                                        Map<String, Estimate> estimates) {
        for (DerivedObservable derived : system.derivedObservables()) {
            Estimate e = estimates.get(derived.name());
            String source = sources(derived).stream().filter(untrusted::containsKey).findFirst().orElse(null);
            if (e != null && source != null) {
                untrusted.put(derived.name(), "derived from " + source);
                estimates.put(derived.name(), new Estimate(e.mean(), Double.NaN, e.tauInt(), e.ess(), e.variance(),
                        e.rHat()));
            }
        }
    }

    /** The names a derived observable is computed from: observables, or {@link #LN_Z}. */
    private static List<String> sources(DerivedObservable derived) {
        if (derived instanceof DerivedObservable.Fluctuation f) {
            return List.of(f.of());
        }
        return derived instanceof DerivedObservable.OfMeans f ? f.of() : List.of(LN_Z);
    }

    private static String untrustedWarning(Map<String, String> untrusted) {
        List<String> reasons = new ArrayList<>();
        untrusted.forEach((name, reason) -> reasons.add(name + " (" + reason + ")"));
        return String.format(Locale.ROOT, "error bars that cannot be trusted (fewer than %.0f tau_int per chain,"
                        + " split R-hat > %.2g, or a drift from the start of the records): %s; raised to one sample's"
                        + " standard deviation, or left out where there is none, and the means may be biased too: run"
                        + " longer (a drift: warm up longer)",
                McStatistics.MIN_TAUS_PER_CHAIN,
                McStatistics.MAX_R_HAT, String.join(", ", reasons));
    }

    /**
     * The chains' profile combined with the importance-reweighted model proposals' where the run
     * kept them: the proposals, i.i.d. from a frozen q, cover the barrier the chains rarely visit.
     */
    private static Profile withModelProposals(Profile chains, OrderParameter<?> op,
                                              RunRecord.WeightedSamples proposals) {
        int k = proposals == null ? -1 : proposals.observableNames().indexOf(op.name());
        if (k < 0 || proposals.logWeights().length < 2) {
            return chains;
        }
        return FreeEnergyProfile.combine(chains, FreeEnergyProfile.weighted(proposals.values()[k],
                proposals.logWeights(), op.low(), op.high(), PROFILE_BINS));
    }

    /** A sampled profile along {@code op} with the exact curve where one is known. */
    static RunReport.ProfileResult profileResult(OrderParameter<?> op, Profile sampled, CheckedExactReference exact) {
        double[] xs = grid(op.low(), op.high(), EXACT_PROFILE_POINTS);
        double[] exactF = exact.profile(xs);
        return new RunReport.ProfileResult(op.name(), sampled, exactF == null ? null : xs, exactF);
    }

    private static RunReport.Transitions transitions(OrderParameter<?> op, double[][] traces, RunRecord record) {
        long count = Crossings.count(traces, op.centre(), op.threshold());
        double steps = (double) traces.length * record.productionSteps();
        double stepsPerRecord = Rates.stepsPerRecord(record);
        Rates rates = Rates.estimate(traces, stepsPerRecord, op.centre(), op.threshold());
        boolean enough = Math.min(rates.aToB().transitions(), rates.bToA().transitions()) >= MIN_TRANSITIONS_FOR_MFPT;
        return new RunReport.Transitions(op.name(), count, steps > 0 ? 1000 * count / steps : 0, op.threshold(),
                op.centre(), enough ? rates : null, stepsPerRecord);
    }

    /**
     * Importance samples that all lie on one side of the primary order parameter's barrier, while
     * the system declares a metastable state on each side, mean that the model never proposed one
     * state: every weighted estimate and ln Z leave its weight out, and no stderr or ESS shows it.
     */
    private static <C> void warnIfTheModelMissedAState(BoltzmannSystem<C> system, double[] samples,
                                                       List<String> warnings) {
        OrderParameter<C> op = system.orderParameters().get(0);
        boolean statesBelow = false;
        boolean statesAbove = false;
        for (C state : system.metastableStates()) {
            double v = op.observable().value(state) - op.centre();
            statesBelow |= v < 0;
            statesAbove |= v > 0;
        }
        boolean sampledBelow = false;
        boolean sampledAbove = false;
        for (double x : samples) {
            sampledBelow |= x < op.centre();
            sampledAbove |= x > op.centre();
        }
        if (statesBelow && statesAbove && sampledBelow != sampledAbove) {
            warnings.add(String.format(Locale.ROOT, "every model sample has %s %s %s although the system declares a "
                            + "state on the other side: the model missed that state, which ln Z and every weighted "
                            + "estimate leave out whatever the ESS says (symmetrize the model where the system has "
                            + "the sign flip)", op.name(), sampledAbove ? ">" : "<", op.centre()));
        }
    }

    /**
     * Whether the chains spent at least {@value #MIN_SHARE_NEAR_STATES} of their records near the
     * declared metastable states (within the span of their order-parameter values, widened on each
     * side by half that span or the hysteresis threshold, whichever is larger), which is what the
     * few-crossings rule presumes. Where they did not (a cluster above its melting point sits in the
     * liquid, far from every declared solid minimum), those states are not metastable here, crossings
     * between them say nothing about mixing, and the rule is off: the report says so. True for a
     * system that declares fewer than two states.
     */
    private static <C> boolean statesVisited(BoltzmannSystem<C> system, double[][] traces, List<String> warnings) {
        List<C> states = system.metastableStates();
        if (states.size() < 2) {
            return true;
        }
        OrderParameter<C> op = system.orderParameters().get(0);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (C state : states) {
            double v = op.observable().value(state);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double widen = Math.max(0.5 * (max - min), op.threshold());
        long near = 0;
        long all = 0;
        for (double[] chain : traces) {
            for (double x : chain) {
                near += x >= min - widen && x <= max + widen ? 1 : 0;
                all++;
            }
        }
        if (near >= MIN_SHARE_NEAR_STATES * all) {
            return true;
        }
        warnings.add(String.format(Locale.ROOT, "%.3g%% of the records have %s within [%.4g, %.4g], near the "
                + "declared metastable states: they are not metastable at these parameters, so crossings between "
                + "them are not counted against the errors", 100.0 * near / all, op.name(), min - widen, max + widen));
        return false;
    }

    private static void inflateForFewCrossings(BoltzmannSystem<?> system, RunRecord record, int orderIndex,
                                               RunReport.Transitions transitions, Map<String, Estimate> estimates,
                                               List<String> warnings) {
        if (transitions.count() >= FEW_CROSSINGS) {
            return;
        }
        Map<String, Double> spreads = halfSpreadOverStates(system);
        List<String> inflated = new ArrayList<>();
        double[][] order = record.traces()[orderIndex];
        double renewals = Math.sqrt(transitions.count() + 1.0);
        for (int o = 0; o < record.observableNames().size(); o++) {
            String name = record.observableNames().get(o);
            Estimate e = estimates.get(name);
            Double spread = spreads.get(name);
            boolean follows = spread != null ? spread > 0 : Math.abs(correlation(order, record.traces()[o])) > 0.5;
            if (!follows) {
                continue;
            }
            double floor = Math.max(Math.sqrt(e.variance()), spread == null ? 0 : spread) / renewals;
            if (floor > e.stderr()) {
                double n = e.ess() * e.tauInt();
                double tau = e.variance() > 0 ? floor * floor * n / e.variance() : Double.NaN;
                estimates.put(name, new Estimate(e.mean(), floor, tau, transitions.count() + 1, e.variance(), e.rHat()));
                inflated.add(name);
            }
        }
        warnings.add(String.format(Locale.ROOT,
                "only %d barrier crossings of %s in production: the weights of the metastable states rest on where"
                        + " the chains started; errors of %s raised to max(sd, half their spread over the states)"
                        + "/sqrt(crossings+1)", transitions.count(), transitions.orderParameter(),
                inflated.isEmpty() ? "(none)" : String.join(", ", inflated)));
        if (record.lnZ() != null && record.path() != null) {
            warnings.add("ln Z integrates <dU/dt> over chains that rarely crossed at the path's end: it holds where "
                    + "the states share <dU/dt> (symmetric vacua do), and neither its error nor the nodes' can show "
                    + "it where they do not");
        } else if (record.lnZ() != null) {
            warnings.add("ln Z comes from the model's proposals: a model that never proposes one of the states "
                    + "leaves out its weight, and neither the stderr nor the ESS can show it");
        }
    }

    /**
     * The profile with every finite error raised to at least {@code floor} (in units of kT): with
     * few crossings the relative weight of the wells, and so the offset between their branches of
     * the profile, is known to no better than 1/√(crossings+1).
     */
    static Profile withErrorFloor(Profile p, double floor) {
        double[] stderr = p.stderr().clone();
        for (int i = 0; i < stderr.length; i++) {
            if (Double.isFinite(p.freeEnergy()[i])) {
                stderr[i] = Math.max(Double.isNaN(stderr[i]) ? 0 : stderr[i], floor);
            }
        }
        return new Profile(p.x(), p.freeEnergy(), stderr);
    }

    /**
     * Half the range of each observable over the declared metastable states: how far an estimate
     * can be off when the states' weights are unknown. Empty when fewer than two states are declared.
     */
    static <C> Map<String, Double> halfSpreadOverStates(BoltzmannSystem<C> system) {
        Map<String, Double> spreads = new LinkedHashMap<>();
        List<C> states = system.metastableStates();
        if (states.size() < 2) {
            return spreads;
        }
        for (var observable : system.observables()) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (C state : states) {
                double v = observable.value(state);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            spreads.put(observable.name(), 0.5 * (max - min));
        }
        return spreads;
    }

    /** Pooled Pearson correlation of two sets of traces; 0 when either is constant. */
    static double correlation(double[][] a, double[][] b) {
        double sa = 0;
        double sb = 0;
        long n = 0;
        for (int c = 0; c < a.length; c++) {
            for (int t = 0; t < a[c].length; t++) {
                sa += a[c][t];
                sb += b[c][t];
                n++;
            }
        }
        double ma = sa / n;
        double mb = sb / n;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int c = 0; c < a.length; c++) {
            for (int t = 0; t < a[c].length; t++) {
                double da = a[c][t] - ma;
                double db = b[c][t] - mb;
                cov += da * db;
                va += da * da;
                vb += db * db;
            }
        }
        return va == 0 || vb == 0 ? 0 : cov / Math.sqrt(va * vb);
    }

    static double[] grid(double low, double high, int points) {
        double[] x = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = low + (high - low) * i / (points - 1);
        }
        return x;
    }
}
