package org.boltzmann4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The chains' random streams: SplittableRandom's numbers exactly, and a state that survives a checkpoint. */
class RestorableRandomTest {

    @Test
    void givesTheNumbersOfSplittableRandomThroughSplitsAndEveryDerivedDraw() {
        SplittableRandom s = new SplittableRandom(42).split().split();
        RestorableRandom r = new RestorableRandom(42).split().split();
        for (int i = 0; i < 100_000; i++) {
            switch (i % 7) {
                case 0 -> assertEquals(s.nextDouble(), r.nextDouble());
                case 1 -> assertEquals(s.nextGaussian(), r.nextGaussian());
                case 2 -> assertEquals(s.nextInt(17), r.nextInt(17));
                case 3 -> assertEquals(s.nextLong(), r.nextLong());
                case 4 -> assertEquals(s.nextInt(), r.nextInt());
                case 5 -> assertEquals(s.nextExponential(), r.nextExponential());
                default -> assertEquals(s.nextLong(1L << 40), r.nextLong(1L << 40));
            }
        }
    }

    @Test
    void aRestoredStreamContinuesWhereTheSavedOneWas() throws Exception {
        RestorableRandom a = new RestorableRandom(7).split();
        a.nextGaussian();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.writeState(new DataOutputStream(bytes));
        RestorableRandom b = new RestorableRandom(0);
        b.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
    }
}
