package org.boltzmann4j.analysis;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ExactReference;

/**
 * A system's exact reference, queried so that an answer that fails (at extreme parameters, say)
 * or runs out of memory, is absent rather than losing the run's estimates; {@link #failure()} says what failed.
 */
final class CheckedExactReference {

    private final Optional<ExactReference> exact;
    private String failure;

    /** @param reference a system's {@link BoltzmannSystem#exactReference()} */
    CheckedExactReference(Supplier<Optional<ExactReference>> reference) {
        Optional<ExactReference> e;
        try {
            e = reference.get();
        } catch (RuntimeException | OutOfMemoryError ex) {
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
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(e);
            return absent;
        }
    }

    private void fail(Throwable e) {
        if (failure == null) {
            failure = "the exact reference failed: " + (e instanceof B4jException ? e.getMessage()
                    : e instanceof OutOfMemoryError ? "out of memory" : e.toString());
        }
    }
}
