package org.boltzmann4j.model.autoregressive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.SplittableRandom;

import org.boltzmann4j.model.GenerativeModel;
import org.boltzmann4j.system.SymmetryGroup;
import org.boltzmann4j.testing.Enumeration;
import org.boltzmann4j.testing.TinyIsing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReverseKlTrainerTest {

    private static final TinyIsing ISING = new TinyIsing(3, 3, 0.4, 0);

    private static SymmetryGroup<byte[]> group(boolean symmetrize) {
        return symmetrize ? ISING.symmetries().signFlipSubgroup() : null;
    }

    /** Exact KL(q ‖ p) = Σ q (U + ln q) + ln Z by enumeration. */
    private static double exactKl(GenerativeModel<byte[]> q, Enumeration exact) {
        byte[] all = Enumeration.all(9);
        double[] logq = new double[512];
        q.logDensity(all, 512, logq);
        double f = 0;
        for (int c = 0; c < 512; c++) {
            f += Math.exp(logq[c]) * (ISING.energy(Enumeration.configuration(c, 9)) + logq[c]);
        }
        return f + exact.lnZ();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void backwardIsTheGradientOfTheTrainedLogDensity(boolean symmetrize) throws Exception {
        Made made = MadeTest.skewed(9, 1, 41);
        ReverseKlTrainer trainer = new ReverseKlTrainer(made, group(symmetrize), ISING::energies, 8);
        GenerativeModel<byte[]> q = trainer.samplingModel();
        int n = 6;
        byte[] xs = new byte[n * 9];
        double[] logq = new double[n];
        q.sample(n, new SplittableRandom(43), xs, logq);
        double[] c = {0.5, -1.0, 0.25, 2.0, -0.75, 0.1};
        double[] gradient = new double[made.parameterCount()];
        double[] trainerLogq = new double[n];
        trainer.forward(xs, n, trainerLogq);
        assertArrayEquals(logq, trainerLogq, 1e-12);
        trainer.backward(c, gradient);

        Field thetaField = Made.class.getDeclaredField("theta");
        thetaField.setAccessible(true);
        Field version = Made.class.getDeclaredField("version");
        version.setAccessible(true);
        double[] theta = (double[]) thetaField.get(made);
        double h = 1e-6;
        int compared = 0;
        for (int p = 0; p < theta.length; p++) {
            if (theta[p] == 0 && gradient[p] == 0) {
                continue; // masked
            }
            double saved = theta[p];
            theta[p] = saved + h;
            version.setLong(made, version.getLong(made) + 1);
            double plus = weightedLogq(q, xs, n, c);
            theta[p] = saved - h;
            version.setLong(made, version.getLong(made) + 1);
            double minus = weightedLogq(q, xs, n, c);
            theta[p] = saved;
            version.setLong(made, version.getLong(made) + 1);
            assertEquals((plus - minus) / (2 * h), gradient[p], 1e-6, "parameter " + p);
            compared++;
        }
        assertTrue(compared > 50);
    }

    private static double weightedLogq(GenerativeModel<byte[]> q, byte[] xs, int n, double[] c) {
        double[] logq = new double[n];
        q.logDensity(xs, n, logq);
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += c[k] * logq[k];
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void annealedTrainingApproachesTheExactFreeEnergy(boolean symmetrize) {
        Enumeration exact = new Enumeration(ISING);
        Made made = new Made(9, 32, 1, 0.01, 10, 47);
        ReverseKlTrainer trainer = new ReverseKlTrainer(made, group(symmetrize), ISING::energies, 256);
        double initialKl = exactKl(trainer.samplingModel(), exact);
        SplittableRandom rng = new SplittableRandom(53);
        int steps = 150;
        double lastLoss = 0;
        for (int step = 0; step < steps; step++) {
            double t = Math.min(1, 0.1 + 0.9 * step / (0.5 * steps));
            lastLoss = trainer.step(t, rng).freeEnergy();
        }
        double kl = exactKl(trainer.samplingModel(), exact);
        assertTrue(initialKl > 0.3, "the untrained model must be far from the target: KL " + initialKl);
        assertTrue(kl < 0.01, "KL(q||p) after training: " + kl);
        // the batch free energy is an estimate of F_q = -ln Z + KL
        assertEquals(-exact.lnZ(), lastLoss, 0.05);
    }
}
