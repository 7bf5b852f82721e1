package org.boltzmann4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.boltzmann4j.system.Observable;
import org.junit.jupiter.api.Test;

/** The running estimate of the progress line against the same numbers done by hand. */
class RunningEstimateTest {

    private static final List<Observable<double[]>> X = List.of(Observable.of("x", x -> x[0]));

    @Test
    void chainsGiveTheSpreadOfTheirMeans() {
        TraceRecorder<double[]> r = new TraceRecorder<>(X, 3, 64);
        assertNull(r.runningEstimate(0));
        double[][] values = {{1, 2, 3}, {3, 4, 5}, {2, 2, 2}, {4, 0, 7}};
        for (double[] step : values) {
            r.step(c -> new double[] {step[c]});
        }
        double[] chainMeans = {2.5, 2.0, 4.25};
        double mean = (2.5 + 2.0 + 4.25) / 3;
        double var = 0;
        for (double m : chainMeans) {
            var += (m - mean) * (m - mean) / 2;
        }
        double[] e = r.runningEstimate(0);
        assertEquals(mean, e[0], 1e-12);
        assertEquals(Math.sqrt(var / 3), e[1], 1e-12);
    }

    @Test
    void oneChainGivesTheSpreadOfBatchMeans() {
        TraceRecorder<double[]> r = new TraceRecorder<>(X, 1, 64);
        for (int i = 0; i < 20; i++) {
            double v = i % 2 == 0 ? i : 0;
            r.step(c -> new double[] {v});
        }
        double[] batches = new double[10];
        for (int b = 0; b < 10; b++) {
            batches[b] = (2 * b) / 2.0; // records 2b (value 2b) and 2b+1 (value 0)
        }
        double mean = 4.5;
        double var = 0;
        for (double m : batches) {
            var += (m - mean) * (m - mean) / 9;
        }
        double[] e = r.runningEstimate(0);
        assertEquals(mean, e[0], 1e-12);
        assertEquals(Math.sqrt(var / 10), e[1], 1e-12);
    }

    @Test
    void weightedRecordsGiveTheSelfNormalizedMeanAndItsDeltaMethodError() {
        TraceRecorder<double[]> r = new TraceRecorder<>(X, 1, 64);
        double[] x = {1, 2, 3};
        double[] logw = {0, Math.log(2), Math.log(3)};
        for (int i = 0; i < 3; i++) {
            r.step(new double[] {x[i]}, -logw[i] - 0.5, 0.5); // ln w = -U - ln q
        }
        double mean = (1 + 4 + 9) / 6.0;
        double var = 0;
        for (int i = 0; i < 3; i++) {
            double w = Math.exp(logw[i]) / 6;
            var += w * w * (x[i] - mean) * (x[i] - mean);
        }
        double[] e = r.runningEstimate(0);
        assertEquals(mean, e[0], 1e-12);
        assertEquals(Math.sqrt(var), e[1], 1e-12);
    }
}
