package org.boltzmann4j.systems.exact;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.system.SpinLattice;

/**
 * Exact Ising averages on tiny L × L tori (L ≤ 4) by summing over all 2^{L²} configurations, for
 * any J, h and β. Bonds follow {@link SpinLattice#squareTorus(int)} (double bonds on the 2 × 2
 * torus), so the results match {@code Ising2d} and {@link IsingExact}.
 */
public final class IsingEnumeration {

    public static final int MAX_L = 4;

    /**
     * @param lnZ                     ln Σ_s exp(-βH(s))
     * @param energyPerSite           ⟨H⟩/N
     * @param magnetizationPerSite    ⟨m⟩, m = M/N
     * @param absMagnetizationPerSite ⟨|m|⟩
     * @param magnetizationSquared    ⟨m²⟩
     * @param specificHeatPerSite     β² Var(H)/N
     */
    public record Values(double lnZ, double energyPerSite, double magnetizationPerSite,
                         double absMagnetizationPerSite, double magnetizationSquared, double specificHeatPerSite) {
    }

    private IsingEnumeration() {
    }

    public static Values solve(int L, double beta, double J, double h) {
        if (L < 2 || L > MAX_L) {
            throw B4jException.badInput("L=%d is not allowed: enumeration needs 2 <= L <= %d", L, MAX_L);
        }
        int n = L * L;
        int[] nb = SpinLattice.squareTorus(L);
        // each bond once: the right (k = 0) and down (k = 1) entries of every site
        int configurations = 1 << n;
        double[] energies = new double[configurations];
        int[] magnetizations = new int[configurations];
        double min = Double.POSITIVE_INFINITY;
        for (int bits = 0; bits < configurations; bits++) {
            int bonds = 0;
            int m = 0;
            for (int i = 0; i < n; i++) {
                int si = spin(bits, i);
                m += si;
                bonds += si * (spin(bits, nb[4 * i]) + spin(bits, nb[4 * i + 1]));
            }
            energies[bits] = -J * bonds - h * m;
            magnetizations[bits] = m;
            min = Math.min(min, beta * energies[bits]);
        }
        double z = 0;
        double e = 0;
        double e2 = 0;
        double mean = 0;
        double abs = 0;
        double m2 = 0;
        for (int bits = 0; bits < configurations; bits++) {
            double w = Math.exp(-(beta * energies[bits] - min));
            double m = magnetizations[bits] / (double) n;
            z += w;
            e += w * energies[bits];
            e2 += w * energies[bits] * energies[bits];
            mean += w * m;
            abs += w * Math.abs(m);
            m2 += w * m * m;
        }
        e /= z;
        double varH = e2 / z - e * e;
        return new Values(Math.log(z) - min, e / n, mean / z, abs / z, m2 / z, beta * beta * varH / n);
    }

    private static int spin(int bits, int i) {
        return ((bits >>> i) & 1) == 1 ? 1 : -1;
    }
}
