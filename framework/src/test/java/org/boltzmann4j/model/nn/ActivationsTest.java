package org.boltzmann4j.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationsTest {

    @Test
    void tanhAndExpMatchTheLibraryOverTheirRange() {
        Activations math = new Activations();
        int n = 200_001;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -50 + 100.0 * i / (n - 1);
        }
        double[] t = x.clone();
        math.tanh(t, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Math.tanh(x[i]), t[i], 2e-14, "tanh at " + x[i]);
            assertEquals(Double.doubleToRawLongBits(t[i]), Double.doubleToRawLongBits(Activations.tanh(x[i])),
                    "the scalar tanh is the array tanh bit for bit, at " + x[i]);
        }
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = 0.8 * x[i];
        }
        double[] y = e.clone();
        math.exp(y, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(1, y[i] / Math.exp(e[i]), 5e-14, "exp at " + e[i]);
        }
    }

    @Test
    void touchesOnlyTheGivenRange() {
        double[] a = {0.5, 0.5, 0.5, 0.5};
        new Activations().tanh(a, 1, 3);
        assertEquals(0.5, a[0]);
        assertEquals(Math.tanh(0.5), a[1], 2e-14);
        assertEquals(Math.tanh(0.5), a[2], 2e-14);
        assertEquals(0.5, a[3]);
        double[] nan = {Double.NaN};
        new Activations().tanh(nan, 0, 1);
        assertTrue(Double.isNaN(nan[0]));
    }
}
