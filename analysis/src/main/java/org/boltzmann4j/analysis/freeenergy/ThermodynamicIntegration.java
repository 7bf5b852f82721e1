package org.boltzmann4j.analysis.freeenergy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.boltzmann4j.analysis.stats.Estimate;
import org.boltzmann4j.analysis.stats.McStatistics;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.sampler.ThermodynamicPath;

/**
 * Thermodynamic integration: ln Z(b) − ln Z(a) = ∫_a^b ⟨∂ ln Z/∂t⟩_t dt along a path of couplings t,
 * the integrand measured by independent runs at equally spaced nodes t_i = a + i h (for the lattice
 * φ⁴ field ∂ ln Z/∂λ = −n⟨φ⁴⟩ and ∂ ln Z/∂m² = −n⟨φ²⟩). Composite Simpson's rule on 4k + 1 nodes;
 * the statistical error is that of the weighted sum of independent means, the quadrature error
 * Richardson's estimate |S_h − S_{2h}| / 15 from the same nodes (which also absorbs noise, so it never
 * understates). Where the integrand is steep (a phase transition at finite L) the quadrature error
 * says whether the nodes were enough.
 */
public final class ThermodynamicIntegration {

    private ThermodynamicIntegration() {
    }

    /** One node's integrand: a mean and its one-sigma error (autocorrelation included). */
    public record Node(double mean, double stderr) {
    }

    /**
     * The integral and its errors.
     *
     * @param difference      ln Z(b) − ln Z(a), Simpson's rule with spacing h
     * @param statistical     one sigma from the nodes' errors
     * @param quadrature      |S_h − S_{2h}| / 15
     */
    public record Result(double difference, double statistical, double quadrature) {

        /** Statistical and quadrature errors added in quadrature. */
        public double error() {
            return Math.hypot(statistical, quadrature);
        }
    }

    /**
     * ∫_a^b over nodes at a, a + h, …, b with h = (b − a)/(nodes − 1); nodes.size() = 4k + 1, k ≥ 1.
     */
    public static Result simpson(double a, double b, List<Node> nodes) {
        int count = nodes.size();
        if (count < 5 || (count - 1) % 4 != 0) {
            throw B4jException.badInput("thermodynamic integration needs 4k + 1 equally spaced nodes (5, 9, 17, ...) "
                    + "for Simpson's rule and its Richardson error, got %d", count);
        }
        if (!(b != a && Double.isFinite(a) && Double.isFinite(b))) {
            throw B4jException.badInput("thermodynamic integration needs a finite path a != b, got [%s, %s]", a, b);
        }
        double h = (b - a) / (count - 1);
        double fine = 0;
        double coarse = 0;
        double variance = 0;
        for (int i = 0; i < count; i++) {
            Node node = nodes.get(i);
            double w = simpsonWeight(i, count) * h / 3;
            fine += w * node.mean();
            variance += w * w * node.stderr() * node.stderr();
            if (i % 2 == 0) {
                coarse += simpsonWeight(i / 2, (count + 1) / 2) * 2 * h / 3 * node.mean();
            }
        }
        return new Result(fine, Math.sqrt(variance), Math.abs(fine - coarse) / 15);
    }

    /**
     * ln Z at the end of a recorded path: its start's exact ln Z minus every leg's integral of
     * ⟨∂U/∂t⟩, each node's mean with the autocorrelation-aware error of {@link McStatistics}.
     *
     * @param lnZ              ln Z(end), NaN where the start has no exact ln Z
     * @param difference       ln Z(end) − ln Z(start)
     * @param statistical      one sigma of the nodes' errors, all legs together
     * @param quadrature       the legs' Richardson estimates, summed
     * @param legs             each leg's ∫ ⟨∂U/∂t⟩ dt
     * @param untrustedBecause why the nodes' errors cannot be trusted (the first node that fails
     *                         {@link McStatistics#distrust}), or null
     */
    public record Path(double lnZ, double difference, double statistical, double quadrature, List<Result> legs,
                       String untrustedBecause) {

        /** Statistical and quadrature errors added in quadrature. */
        public double error() {
            return Math.hypot(statistical, quadrature);
        }

        /** For results.json's diagnostics. */
        public Map<String, Object> facts() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("delta_ln_z", difference);
            f.put("statistical", statistical);
            f.put("quadrature", quadrature);
            f.put("legs_integral_of_dU_dt", legs.stream().map(Result::difference).toList());
            return f;
        }
    }

    /** Integrates the derivatives a {@code ti} run recorded. */
    public static Path along(ThermodynamicPath path) {
        List<Result> legs = new ArrayList<>();
        double difference = 0;
        double variance = 0;
        double quadrature = 0;
        String untrusted = null;
        for (int l = 0; l < path.legs().size(); l++) {
            ThermodynamicPath.Leg leg = path.legs().get(l);
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < leg.nodes(); i++) {
                double[][] chains = path.derivatives()[l][i];
                Estimate e = McStatistics.estimate(chains);
                String reason = McStatistics.distrust(e, chains);
                if (reason != null && untrusted == null) {
                    untrusted = String.format(Locale.ROOT, "the node %s = %.6g: %s", leg.parameter(), leg.at(i),
                            reason);
                }
                nodes.add(new Node(e.mean(), e.stderr()));
            }
            Result r = simpson(leg.from(), leg.to(), nodes);
            legs.add(r);
            difference -= r.difference();
            variance += r.statistical() * r.statistical();
            quadrature += r.quadrature();
        }
        return new Path(path.referenceLnZ() + difference, difference, Math.sqrt(variance), quadrature, legs, untrusted);
    }

    /** Simpson's weights 1, 4, 2, 4, …, 4, 1 on the node i of count. */
    private static double simpsonWeight(int i, int count) {
        return i == 0 || i == count - 1 ? 1 : i % 2 == 1 ? 4 : 2;
    }
}
