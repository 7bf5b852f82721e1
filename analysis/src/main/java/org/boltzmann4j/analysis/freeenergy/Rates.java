package org.boltzmann4j.analysis.freeenergy;

import java.util.ArrayList;
import java.util.List;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.system.OrderParameter;

/**
 * Mean first-passage times and rates between two metastable states, from traces of an order
 * parameter with the hysteresis of {@link org.boltzmann4j.analysis.stats.Crossings}: state A below
 * {@code centre - threshold}, B above {@code centre + threshold}, a value inside the band keeps the
 * state last seen, and a chain's first visit to a state is not a transition.
 *
 * <p>A chain is committed to A from the record it enters A until the record it first enters B.
 * The MFPT A→B is the time committed to A over the number of A→B transitions (the maximum-likelihood
 * estimate for exponential waiting times; it counts the unfinished first and last stays, so it is
 * not biased short by the run's end). Its error is MFPT × cv / √n with cv the coefficient of
 * variation of the complete passages (entry into A to entry into B), or 1 (exponential) with fewer
 * than two. Times are in records × {@code stride}; from a {@link RunRecord}, in the sampler's steps
 * (sweeps for a local sampler, cycles for a model-based one) per chain.
 *
 * @param aToB A→B passages
 * @param bToA B→A passages
 */
public record Rates(Passage aToB, Passage bToA) {

    /**
     * Passages in one direction.
     *
     * @param mfpt        mean first-passage time, +∞ without a transition
     * @param stderr      one-sigma error of the MFPT, NaN without a transition
     * @param transitions number of transitions
     * @param complete    complete passages (from an entry into the start state)
     * @param rate        1 / MFPT
     * @param rateStderr  stderr / MFPT²
     */
    public record Passage(double mfpt, double stderr, long transitions, long complete, double rate, double rateStderr) {
    }

    /** Transitions in both directions: equals {@code Crossings.count} on the same traces. */
    public long transitions() {
        return aToB.transitions + bToA.transitions;
    }

    /**
     * @param traces    order parameter per [chain][record]
     * @param stride    time between records
     * @param centre    centre of the hysteresis band
     * @param threshold half-width of the band
     */
    public static Rates estimate(double[][] traces, double stride, double centre, double threshold) {
        if (!(threshold >= 0) || !Double.isFinite(centre) || !(stride > 0)) {
            throw B4jException.badInput("rates need a finite centre, threshold >= 0 and stride > 0 (got %s, %s, %s)",
                    centre, threshold, stride);
        }
        double below = centre - threshold;
        double above = centre + threshold;
        long[] committed = new long[2]; // records committed to A, B
        long[] transitions = new long[2];
        List<List<Long>> passages = List.of(new ArrayList<>(), new ArrayList<>());
        for (double[] trace : traces) {
            int side = 0;
            int entry = -1;
            boolean entered = false;
            for (int t = 0; t < trace.length; t++) {
                double v = trace[t];
                if (Double.isNaN(v)) {
                    throw B4jException.failure("order parameter value is NaN at record %d", t);
                }
                int now = v < below ? -1 : v > above ? 1 : side;
                if (now == side) {
                    continue;
                }
                if (side != 0) {
                    int from = side < 0 ? 0 : 1;
                    committed[from] += t - entry;
                    transitions[from]++;
                    if (entered) {
                        passages.get(from).add((long) (t - entry));
                    }
                    entered = true;
                }
                side = now;
                entry = t;
            }
            if (side != 0) {
                committed[side < 0 ? 0 : 1] += trace.length - entry;
            }
        }
        return new Rates(passage(committed[0], transitions[0], passages.get(0), stride),
                passage(committed[1], transitions[1], passages.get(1), stride));
    }

    /**
     * Rates along an order parameter recorded in a run, in the sampler's steps: the production
     * traces span {@link RunRecord#productionSteps()} steps, so one record stands for
     * {@link #stepsPerRecord} steps whatever the stride or the number of records per step.
     */
    public static Rates estimate(RunRecord record, OrderParameter<?> orderParameter) {
        int o = record.observableNames().indexOf(orderParameter.name());
        if (o < 0) {
            throw B4jException.badInput("the run recorded no observable %s (it has %s)", orderParameter.name(),
                    record.observableNames());
        }
        return estimate(record.traces()[o], stepsPerRecord(record), orderParameter.centre(), orderParameter.threshold());
    }

    /**
     * Sampler steps per kept record: production steps over records per chain. A local sampler
     * records once a sweep (so this is the recorder's stride); flow-mcmc records after each of
     * its {@code global_steps} model proposals per cycle.
     */
    public static double stepsPerRecord(RunRecord record) {
        int records = record.traces().length == 0 || record.traces()[0].length == 0 ? 0 : record.traces()[0][0].length;
        if (records == 0 || record.productionSteps() <= 0) {
            throw B4jException.failure("the run recorded no production steps");
        }
        return record.productionSteps() / (double) records;
    }

    private static Passage passage(long committed, long transitions, List<Long> complete, double stride) {
        if (transitions == 0) {
            return new Passage(Double.POSITIVE_INFINITY, Double.NaN, 0, complete.size(), 0, Double.NaN);
        }
        double mfpt = committed * stride / transitions;
        double cv = 1;
        if (complete.size() >= 2) {
            double mean = complete.stream().mapToDouble(Long::doubleValue).average().orElseThrow();
            double ss = 0;
            for (long p : complete) {
                ss += (p - mean) * (p - mean);
            }
            cv = Math.sqrt(ss / (complete.size() - 1)) / mean;
        }
        double stderr = mfpt * cv / Math.sqrt(transitions);
        return new Passage(mfpt, stderr, transitions, complete.size(), 1 / mfpt, stderr / (mfpt * mfpt));
    }
}
