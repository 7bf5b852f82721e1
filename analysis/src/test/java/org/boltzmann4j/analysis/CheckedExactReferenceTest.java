package org.boltzmann4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.boltzmann4j.system.ExactReference;
import org.junit.jupiter.api.Test;

/** A failing exact answer is absent and named; the answers that work are kept. */
class CheckedExactReferenceTest {

    @Test
    void aFailingAnswerIsAbsentAndNamed() {
        ExactReference partly = ExactReference.of(Map.of("m", 0.5), 2.0, x -> {
            throw new OutOfMemoryError("transfer matrix");
        });
        CheckedExactReference checked = new CheckedExactReference(() -> Optional.of(partly));
        assertEquals(Map.of("m", 0.5), checked.observables());
        assertEquals(2.0, checked.lnZ());
        assertNull(checked.failure());
        assertNull(checked.profile(new double[] {0, 1}));
        assertEquals("the exact reference failed: out of memory", checked.failure());

        CheckedExactReference none = new CheckedExactReference(() -> {
            throw new IllegalStateException("no convergence");
        });
        assertEquals(Map.of(), none.observables());
        assertTrue(none.failure().contains("no convergence"), none.failure());
    }
}
