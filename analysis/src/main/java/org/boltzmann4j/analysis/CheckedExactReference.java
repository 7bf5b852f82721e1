package org.boltzmann4j.analysis;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ExactReference;

/**
 * A system's exact reference, queried so that an answer that fails (at extreme parameters, say)
 * is absent rather than losing the run's estimates; {@link #failure()} says what failed.
 */
final class CheckedExactReference {

    private final Optional<ExactReference> exact;
    private String failure;

    CheckedExactReference(BoltzmannSystem<?> system) {
        Optional<ExactReference> e;
        try {
            e = system.exactReference();
        } catch (RuntimeException ex) {
            fail(ex);
            e = Optional.empty();
        }
        exact = e;
    }

    Map<String, Double> observables() {
        return query(ExactReference::observables, Map.of());
    }

    Double lnZ() {
        return query(e -> e.lnZ().orElse(null), null);
    }

    double[] profile(double[] x) {
        return query(e -> e.profile(x).orElse(null), null);
    }

    /** What failed, or null. */
    String failure() {
        return failure;
    }

    private <T> T query(Function<ExactReference, T> answer, T absent) {
        try {
            return exact.map(answer).orElse(absent);
        } catch (RuntimeException e) {
            fail(e);
            return absent;
        }
    }

    private void fail(RuntimeException e) {
        if (failure == null) {
            failure = "the exact reference failed: " + (e instanceof B4jException ? e.getMessage() : e.toString());
        }
    }
}
