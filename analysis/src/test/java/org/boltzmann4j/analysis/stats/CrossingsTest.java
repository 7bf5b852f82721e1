package org.boltzmann4j.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.boltzmann4j.core.B4jException;
import org.junit.jupiter.api.Test;

class CrossingsTest {

    @Test
    void countsOnlyFullPassagesThroughTheBand() {
        double[][] traces = {
            {-1, -0.5, 0.1, -0.1, 0.2, 0.8, 1.0},  // enters the band twice, crosses once
            {0.0, 0.1, 0.9, -0.9, 0.9, 0.0, -0.6}, // starts inside: 0.9 is a first visit, then 3 crossings
            {0.2, 0.3, -0.3, 0.25},                // never leaves the band
            {},
        };
        assertEquals(1, Crossings.count(new double[][] {traces[0]}, 0, 0.5));
        assertEquals(3, Crossings.count(new double[][] {traces[1]}, 0, 0.5));
        assertEquals(0, Crossings.count(new double[][] {traces[2]}, 0, 0.5));
        assertEquals(4, Crossings.count(traces, 0, 0.5));
    }

    @Test
    void centreShiftsTheBand() {
        double[][] trace = {{1.0, 3.0, 1.0, 3.0}};
        assertEquals(3, Crossings.count(trace, 2, 0.5));
        assertEquals(0, Crossings.count(trace, 0, 0.5));
        assertEquals(0, Crossings.count(trace, 2, 1.0)); // band [1, 3] is closed: values on it stay inside
    }

    @Test
    void rejectsNegativeThreshold() {
        assertThrows(B4jException.class, () -> Crossings.count(new double[][] {{0}}, 0, -1));
    }
}
