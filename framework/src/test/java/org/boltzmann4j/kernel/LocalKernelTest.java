package org.boltzmann4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.LocalSampler;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.Observable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every local kernel must reproduce (1) an anisotropic Gaussian in closed form and (2) a 1D double
 * well whose moments come from quadrature, within a few standard errors of independent chains.
 */
class LocalKernelTest {

    /** U = Σ x_i² / (2 σ_i²) with σ_i = 0.5, 1, 2. */
    static final class Gaussian extends ContinuousSystem {
        static final double[] SIGMA = {0.5, 1, 2};

        Gaussian() {
            super("gaussian", Parameters.of(Map.of()));
        }

        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public double energy(double[] x) {
            double u = 0;
            for (int i = 0; i < 3; i++) {
                u += x[i] * x[i] / (2 * SIGMA[i] * SIGMA[i]);
            }
            return u;
        }

        @Override
        public double energyAndGradient(double[] x, double[] g) {
            for (int i = 0; i < 3; i++) {
                g[i] = x[i] / (SIGMA[i] * SIGMA[i]);
            }
            return energy(x);
        }

        @Override
        public List<Observable<double[]>> observables() {
            return List.of(Observable.of("x2sq", x -> x[2] * x[2]), Observable.of("x0sq", x -> x[0] * x[0]));
        }
    }

    /** U = barrier (x² - 1)² + tilt x in 1D; by default 2 (x² - 1)² + 0.3 x, a low barrier that local kernels cross often. */
    static final class Well extends ContinuousSystem {
        private final double barrier;
        private final double tilt;

        Well() {
            this(2, 0.3);
        }

        Well(double barrier, double tilt) {
            super("well", Parameters.of(Map.of("barrier", barrier, "tilt", tilt)));
            this.barrier = barrier;
            this.tilt = tilt;
        }

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public double energy(double[] x) {
            double w = x[0] * x[0] - 1;
            return barrier * w * w + tilt * x[0];
        }

        @Override
        public double energyAndGradient(double[] x, double[] g) {
            g[0] = 4 * barrier * (x[0] * x[0] - 1) * x[0] + tilt;
            return energy(x);
        }

        @Override
        public List<Observable<double[]>> observables() {
            return List.of(Observable.of("x", x -> x[0]), Observable.of("positive", x -> x[0] > 0 ? 1 : 0));
        }

        /** ∫ f exp(-U) / ∫ exp(-U) by Simpson's rule on [-4, 4]. */
        double exact(java.util.function.DoubleUnaryOperator f) {
            int n = 20000;
            double h = 8.0 / n;
            double num = 0;
            double den = 0;
            for (int i = 0; i <= n; i++) {
                double x = -4 + i * h;
                double w = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
                double p = w * Math.exp(-energy(new double[] {x}));
                num += p * f.applyAsDouble(x);
                den += p;
            }
            return num / den;
        }
    }

    static Function<BoltzmannSystem<double[]>, MarkovKernel<double[]>> kernel(String name) {
        return s -> switch (name) {
            case "metropolis" -> new SingleSiteMetropolis((ContinuousSystem) s, new StepSize(0.5, 0.5, true));
            case "mala" -> new Mala((ContinuousSystem) s, new StepSize(0.5, 0.574, true));
            case "hmc" -> new Hmc((ContinuousSystem) s, new StepSize(0.3, 0.65, true), 5);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Mean over chains of each chain's time average, with the between-chain standard error. */
    static double[] meanAndError(double[][] chains) {
        int n = chains.length;
        double[] means = new double[n];
        for (int c = 0; c < n; c++) {
            double s = 0;
            for (double v : chains[c]) {
                s += v;
            }
            means[c] = s / chains[c].length;
        }
        double m = 0;
        for (double v : means) {
            m += v;
        }
        m /= n;
        double var = 0;
        for (double v : means) {
            var += (v - m) * (v - m);
        }
        return new double[] {m, Math.sqrt(var / (n - 1) / n)};
    }

    static RunRecord run(BoltzmannSystem<double[]> system, String kernel, long sweeps) {
        LocalSampler<double[]> sampler = new LocalSampler<>(kernel(kernel), 64, "modes", 0.2);
        return sampler.run(system, new RunContext(Budget.steps(sweeps), 11, Progress.SILENT, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"metropolis", "mala", "hmc"})
    void recoversAnisotropicGaussian(String kernel) {
        RunRecord r = run(new Gaussian(), kernel, 5000);
        double[] var2 = meanAndError(r.traces()[0]);
        double[] var0 = meanAndError(r.traces()[1]);
        assertEquals(4.0, var2[0], 4 * var2[1], kernel + " <x2^2> = " + var2[0] + " ± " + var2[1]);
        assertEquals(0.25, var0[0], 4 * var0[1], kernel + " <x0^2> = " + var0[0] + " ± " + var0[1]);
        assertTrue(var2[1] < 0.1, "error bar too wide to test anything: " + var2[1]);
        double acc = r.acceptance().get("local");
        assertTrue(acc > 0.3 && acc < 0.9, kernel + " acceptance after adaptation " + acc);
    }

    /** U is NaN beyond x = 1.5: a defect that must stop the run, never be silently rejected. */
    static final class Broken extends ContinuousSystem {
        Broken() {
            super("broken", Parameters.of(Map.of()));
        }

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public double energy(double[] x) {
            return x[0] > 1.5 ? Double.NaN : 0.5 * x[0] * x[0];
        }

        @Override
        public double energyAndGradient(double[] x, double[] g) {
            g[0] = x[0];
            return energy(x);
        }

        @Override
        public List<Observable<double[]>> observables() {
            return List.of(Observable.of("x", x -> x[0]));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"metropolis", "mala", "hmc"})
    void aNaNEnergyStopsTheRunWithAClearMessage(String kernel) {
        B4jException e = org.junit.jupiter.api.Assertions.assertThrows(B4jException.class,
                () -> run(new Broken(), kernel, 2000));
        assertEquals(B4jException.Kind.FAILURE, e.kind());
        assertTrue(e.getMessage().contains("energy of broken is NaN"), e.getMessage());
    }

    /** A leapfrog trajectory that overflows on a steep quartic U is a rejection, not a NaN energy. */
    @Test
    void hmcRejectsATrajectoryThatBlowsUp() {
        Well well = new Well();
        Hmc hmc = new Hmc(well, new StepSize(50, 0.65, false), 20);
        Chains<double[]> chains = Chains.start(well, List.of(new double[] {-1}, new double[] {1}), double[]::clone, 4);
        for (int t = 0; t < 20; t++) {
            hmc.sweep(chains);
        }
        assertEquals(0, hmc.acceptance(), 1e-12);
        assertEquals(-1, chains.state(0)[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"metropolis", "mala", "hmc"})
    void recoversDoubleWellByQuadrature(String kernel) {
        Well well = new Well();
        RunRecord r = run(well, kernel, 8000);
        double[] x = meanAndError(r.traces()[0]);
        double[] p = meanAndError(r.traces()[1]);
        double exactX = well.exact(v -> v);
        double exactP = well.exact(v -> v > 0 ? 1 : 0);
        assertEquals(exactX, x[0], 4 * x[1], kernel + " <x> = " + x[0] + " ± " + x[1] + " vs " + exactX);
        assertEquals(exactP, p[0], 4 * p[1], kernel + " P(x>0) = " + p[0] + " ± " + p[1] + " vs " + exactP);
        assertTrue(p[1] < 0.03, "error bar too wide to test anything: " + p[1]);
    }
}
