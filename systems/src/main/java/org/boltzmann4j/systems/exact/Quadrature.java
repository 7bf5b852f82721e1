package org.boltzmann4j.systems.exact;

import java.util.function.DoubleUnaryOperator;

import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;

/** Composite Gauss-Legendre quadrature for smooth integrands. */
final class Quadrature {

    private static final GaussIntegrator RULE = new GaussIntegratorFactory().legendre(8); // on [-1, 1]

    private Quadrature() {
    }

    /** Integral of f over [lo, hi] split into equal panels of width at most {@code maxPanel}. */
    static double integrate(DoubleUnaryOperator f, double lo, double hi, double maxPanel) {
        if (hi <= lo) {
            return 0;
        }
        int panels = (int) Math.ceil((hi - lo) / maxPanel);
        double width = (hi - lo) / panels;
        double sum = 0;
        for (int p = 0; p < panels; p++) {
            double mid = lo + (p + 0.5) * width;
            for (int i = 0; i < RULE.getNumberOfPoints(); i++) {
                sum += RULE.getWeight(i) * f.applyAsDouble(mid + 0.5 * width * RULE.getPoint(i));
            }
        }
        return 0.5 * width * sum;
    }
}
