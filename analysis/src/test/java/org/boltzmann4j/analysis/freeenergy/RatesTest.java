package org.boltzmann4j.analysis.freeenergy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.boltzmann4j.analysis.stats.Crossings;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.Mala;
import org.boltzmann4j.kernel.StepSize;
import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.InitialStates;
import org.boltzmann4j.sampler.LocalSampler;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.systems.DoubleWell;
import org.junit.jupiter.api.Test;

class RatesTest {

    @Test
    void bookkeepingOfAHandMadeTrace() {
        double[][] trace = {{-1, -1, 0, 1, 1, 0.2, -1, -1, -1, 1}};
        Rates r = Rates.estimate(trace, 2, 0, 0.5);
        // A: records 0-2 and 6-8 committed, 2 transitions; B: records 3-5 and 9, 1 transition
        assertEquals(2, r.aToB().transitions());
        assertEquals(1, r.bToA().transitions());
        assertEquals(6.0, r.aToB().mfpt(), 1e-12);
        assertEquals(8.0, r.bToA().mfpt(), 1e-12);
        assertEquals(1, r.aToB().complete()); // the first stay in A began at the start, not at an entry
        assertEquals(6.0 / Math.sqrt(2), r.aToB().stderr(), 1e-12);
        assertEquals(1 / 6.0, r.aToB().rate(), 1e-12);
        assertEquals(3, r.transitions());
        assertEquals(Crossings.count(trace, 0, 0.5), r.transitions());
        Rates none = Rates.estimate(new double[][] {{-1, -0.7, 0.3}}, 1, 0, 0.5);
        assertEquals(Double.POSITIVE_INFINITY, none.aToB().mfpt());
        assertEquals(0, none.aToB().rate());
        assertThrows(B4jException.class, () -> Rates.estimate(trace, 0, 0, 0.5));
    }

    @Test
    void transitionsAgreeWithCrossingsOnRandomWalks() {
        SplittableRandom rng = new SplittableRandom(8);
        for (int trial = 0; trial < 20; trial++) {
            double[][] traces = new double[3][500 + trial * 37];
            for (double[] t : traces) {
                double x = rng.nextGaussian();
                for (int i = 0; i < t.length; i++) {
                    x += 0.3 * rng.nextGaussian() - 0.01 * x;
                    t[i] = x;
                }
            }
            double centre = 0.4 * rng.nextGaussian();
            double threshold = rng.nextDouble();
            Rates r = Rates.estimate(traces, 1, centre, threshold);
            assertEquals(Crossings.count(traces, centre, threshold), r.transitions(), "trial " + trial);
            assertTrue(Math.abs(r.aToB().transitions() - r.bToA().transitions()) <= traces.length);
        }
    }

    /**
     * MALA with a small fixed step ε is overdamped Langevin dynamics dx = -U'(x) dt + √2 dW with
     * dt = ε²/2 per sweep. Its exact MFPT from a to b is ∫_a^b dy e^{U(y)} ∫_{-∞}^y e^{-U(z)} dz. The
     * chain is watched at sweeps only, which moves the effective boundaries outward by about
     * 0.5826 ε (Siegmund's correction); both directions must agree by symmetry.
     */
    @Test
    void symmetricDoubleWellMatchesTheLangevinFirstPassageTime() {
        double eps = 0.05;
        DoubleWell dw = new DoubleWell(Parameters.resolve(DoubleWell.NAME, DoubleWell.PARAMETERS,
                Map.of("d", "1", "barrier", "2", "tilt", "0")));
        LocalSampler<double[]> sampler = new LocalSampler<>(s -> new Mala((ContinuousSystem) s, new StepSize(eps, 0.574, false)),
                64, InitialStates.MODES, 0.02);
        RunRecord record = sampler.run(dw, new RunContext(Budget.steps(40_000), 21, Progress.SILENT, null));
        Rates rates = Rates.estimate(record, dw.orderParameters().get(0));
        assertEquals(Crossings.count(record.traces()[0], 0, 0.5), rates.transitions());

        double shift = 0.5826 * eps;
        double dt = eps * eps / 2;
        double exact = langevinMfpt(x -> 2 * (x * x - 1) * (x * x - 1), -0.5 - shift, 0.5 + shift) / dt;
        Rates.Passage ab = rates.aToB();
        Rates.Passage ba = rates.bToA();
        System.out.printf("MFPT A->B %.0f +- %.0f (%d), B->A %.0f +- %.0f (%d), Langevin %.0f sweeps%n",
                ab.mfpt(), ab.stderr(), ab.transitions(), ba.mfpt(), ba.stderr(), ba.transitions(), exact);
        assertTrue(ab.transitions() > 200 && ba.transitions() > 200);
        assertEquals(ab.mfpt(), ba.mfpt(), 4 * Math.hypot(ab.stderr(), ba.stderr()), "symmetric wells");
        double mean = 0.5 * (ab.mfpt() + ba.mfpt());
        double err = 0.5 * Math.hypot(ab.stderr(), ba.stderr());
        assertEquals(exact, mean, 4 * err, "Langevin MFPT");
        assertEquals(1 / ab.mfpt(), ab.rate(), 1e-15);
    }

    /** ∫_a^b dy e^{U(y)} ∫_{-4}^y e^{-U(z)} dz by the trapezoid rule on a fine grid. */
    private static double langevinMfpt(java.util.function.DoubleUnaryOperator u, double a, double b) {
        double h = 1e-4;
        double inner = 0;
        double outer = 0;
        double previous = Math.exp(-u.applyAsDouble(-4));
        for (double y = -4 + h; y <= b; y += h) {
            double current = Math.exp(-u.applyAsDouble(y));
            inner += 0.5 * h * (previous + current);
            previous = current;
            if (y >= a) {
                outer += h * Math.exp(u.applyAsDouble(y)) * inner;
            }
        }
        return outer;
    }
}
