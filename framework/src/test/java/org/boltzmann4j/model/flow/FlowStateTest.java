package org.boltzmann4j.model.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;

import org.junit.jupiter.api.Test;

/** A flow's checkpoint state brings back its density after training (what flow-mcmc's KeepBestModel relies on). */
class FlowStateTest {

    @Test
    void aFlowsStateRestoresItsDensity() throws Exception {
        int d = 6;
        RealNvp flow = RealNvp.create(new RealNvpConfig(d, 8, 2, false, 1e-2, 10, 3), new StandardNormal(d), 3);
        int n = 50;
        double[] x = new double[n * d];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = 1 + 0.5 * rng.nextGaussian();
        }
        double[] before = new double[n];
        flow.logDensity(x, n, before);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        flow.writeState(new DataOutputStream(bytes));
        for (int k = 0; k < 20; k++) {
            flow.maximumLikelihoodStep(x, n);
        }
        double[] trained = new double[n];
        flow.logDensity(x, n, trained);
        flow.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        double[] after = new double[n];
        flow.logDensity(x, n, after);
        for (int k = 0; k < n; k++) {
            assertEquals(before[k], after[k], 1e-12, "trained " + trained[k]);
        }
    }
}
