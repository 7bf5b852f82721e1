package org.boltzmann4j.analysis.freeenergy;

import java.util.List;

import org.boltzmann4j.core.B4jException;

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

    /** Simpson's weights 1, 4, 2, 4, …, 4, 1 on the node i of count. */
    private static double simpsonWeight(int i, int count) {
        return i == 0 || i == count - 1 ? 1 : i % 2 == 1 ? 4 : 2;
    }
}
