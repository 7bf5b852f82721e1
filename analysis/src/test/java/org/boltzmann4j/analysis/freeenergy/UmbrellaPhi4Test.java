package org.boltzmann4j.analysis.freeenergy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.SingleSiteMetropolis;
import org.boltzmann4j.kernel.StepSize;
import org.boltzmann4j.sampler.UmbrellaRun;
import org.boltzmann4j.system.LinearCollectiveVariable;
import org.boltzmann4j.systems.Phi4Chain;
import org.junit.jupiter.api.Test;

/**
 * Umbrella sampling of φ_mid on a φ⁴ chain of 5 sites, with single-site Metropolis (so the biased
 * single-site energy changes are exercised), against the exact profile by grid transfer matrices.
 */
class UmbrellaPhi4Test {

    private static final int N = 5;
    private static final double LOW = -1.4;
    private static final double HIGH = 1.4;
    private static final int BINS = 28;
    private static final double BETA = 10;
    private static final int WINDOWS = 21;
    private static final double FIELD = 0.1;
    private static final Phi4Chain CHAIN = new Phi4Chain(Parameters.resolve(Phi4Chain.NAME, Phi4Chain.PARAMETERS,
            Map.of("N", "" + N, "beta", "" + BETA, "a", "0.1", "h", "" + FIELD)));

    /** Grid of φ: [-GRID_EDGE, GRID_EDGE] in steps of H, with bin edges on grid points. */
    private static final double GRID_EDGE = 3;
    private static final double H = 0.005;

    /** -ln of the exact bin probabilities of φ_mid on [LOW, HIGH], from transfer matrices on the grid. */
    static double[] exactMidProfile() {
        double dx = 1.0 / (N + 1);
        double beta = BETA;
        double a = 0.1;
        double h = FIELD;
        double gc = beta * a / dx;
        double pc = beta * dx / (4 * a);
        double fc = beta * h * dx;
        int m = (int) Math.round(2 * GRID_EDGE / H) + 1;
        double[] phi = new double[m];
        double[] site = new double[m];
        double[] end = new double[m];
        for (int i = 0; i < m; i++) {
            phi[i] = -GRID_EDGE + i * H;
            double w = 1 - phi[i] * phi[i];
            site[i] = Math.exp(-pc * w * w - fc * phi[i]);
            end[i] = Math.exp(-0.5 * gc * phi[i] * phi[i]) * site[i];
        }
        int mid = CHAIN.midIndex(); // 0-based
        double[] left = end.clone(); // density of site 0 with its left boundary bond
        for (int s = 1; s <= mid; s++) {
            left = step(left, phi, site, gc);
        }
        double[] right = end.clone(); // site N-1 with its right boundary bond
        for (int s = N - 2; s > mid; s--) {
            right = step(right, phi, site, gc);
        }
        // p(φ_mid) = left(φ_mid) × Σ_φ' K(φ_mid, φ') right(φ') H
        double[] p = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                double d = phi[i] - phi[j];
                s += Math.exp(-0.5 * gc * d * d) * right[j];
            }
            p[i] = left[i] * s * H;
        }
        int perBin = (int) Math.round((HIGH - LOW) / BINS / H);
        int first = (int) Math.round((LOW + GRID_EDGE) / H);
        double[] bin = new double[BINS];
        double total = 0;
        for (int b = 0; b < BINS; b++) {
            int from = first + b * perBin;
            for (int i = 0; i <= perBin; i++) {
                double wgt = i == 0 || i == perBin ? 1 : (i % 2 == 1 ? 4 : 2);
                bin[b] += wgt * p[from + i] * H / 3;
            }
            total += bin[b];
        }
        double[] f = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            f[b] = -Math.log(bin[b] / total);
        }
        return f;
    }

    /** v'(φ') = site(φ') Σ_φ v(φ) exp(-gc/2 (φ - φ')²) H. */
    private static double[] step(double[] v, double[] phi, double[] site, double gc) {
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            double s = 0;
            for (int i = 0; i < v.length; i++) {
                double d = phi[i] - phi[j];
                s += v[i] * Math.exp(-0.5 * gc * d * d);
            }
            out[j] = site[j] * s * H;
        }
        return out;
    }

    @Test
    void umbrellaProfileOfPhiMidMatchesTransferMatrix() {
        double[] exact = exactMidProfile();
        double top = 0;
        for (int b = 0; b < BINS; b++) {
            top = Math.max(top, exact[b] - Math.min(exact[0], exact[BINS - 1]));
        }
        System.out.println("phi4 exact profile: " + java.util.Arrays.toString(exact));
        UmbrellaRun run = UmbrellaRuns.run(s -> new SingleSiteMetropolis(s, new StepSize(0.2, 0.44, true)), 8, 500, 4000,
                CHAIN, LinearCollectiveVariable.coordinate("phi_mid", N, CHAIN.midIndex()), LOW, HIGH, WINDOWS, 77);
        FreeEnergyEstimate wham = Wham.defaults().estimate(run, LOW, HIGH, BINS);
        FreeEnergyEstimate mbar = Mbar.defaults().estimate(run, LOW, HIGH, BINS);
        ProfileCheck.assertMatches("phi4 wham", wham.profile(), exact, 4, 2, BINS);
        ProfileCheck.assertMatches("phi4 mbar", mbar.profile(), exact, 4, 2, BINS);
        double[] zero = new double[BINS];
        BasinFreeEnergy exactDelta = BasinFreeEnergy.fromProfile(new org.boltzmann4j.analysis.profile.Profile(
                wham.profile().x(), exact, zero), null, 0);
        for (FreeEnergyEstimate e : new FreeEnergyEstimate[] {wham, mbar}) {
            BasinFreeEnergy d = BasinFreeEnergy.fromEstimate(e, 0);
            System.out.printf("phi4 Delta F %.4f +- %.4f, exact %.4f%n", d.deltaF(), d.stderr(), exactDelta.deltaF());
            assertEquals(exactDelta.deltaF(), d.deltaF(), 4 * d.stderr());
        }
    }
}
