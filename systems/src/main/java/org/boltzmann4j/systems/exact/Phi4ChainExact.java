package org.boltzmann4j.systems.exact;

import org.boltzmann4j.core.B4jException;

/**
 * Exact reference for the 1D phi^4 chain (system {@code phi4-chain}) by transfer matrices. The
 * reduced energy is
 * <pre>
 * U = beta [ a/(2dx) sum_{i=1..N+1} (phi_i - phi_{i-1})^2 + dx/(4a) sum_{i=1..N} (1 - phi_i^2)^2
 *            + h dx sum_{i=1..N} phi_i ],   phi_0 = phi_{N+1} = 0,  dx = 1/(N+1),
 * </pre>
 * and Z is the integral of exp(-U) over the N field values (Lebesgue measure). Each field value is
 * put on a uniform grid whose spacing resolves both the nearest-neighbour kernel
 * exp(-beta a/(2dx) (phi - phi')^2) and the single-site wells; the grid range grows until every
 * site's marginal density at the edges is negligible. The rectangle rule on such a grid converges
 * exponentially fast for these smooth, rapidly decaying integrands, and each transfer step is
 * rescaled so nothing under- or overflows. Densities of phi_mid are evaluated off the grid by one
 * more exact transfer step, so probabilities of half-lines and bins are integrated accurately.
 */
public final class Phi4ChainExact {

    /** Grid points per width of the narrowest Gaussian factor; 4 is converged to about 1e-12. */
    public static final int DEFAULT_POINTS_PER_WIDTH = 4;
    private static final double EDGE_TOLERANCE = 1e-15;
    private static final double INITIAL_HALF_WIDTH = 2.0;

    private final int n;
    private final double beta;
    private final double a;
    private final double h;
    private final double kernelC; // beta a / (2 dx)
    private final int mid;        // 1-based index of phi_mid

    private double spacing;
    private double halfWidth;
    private double[] phi;
    private double[] lnSite;      // -beta V(phi_k)
    private double[] kernelRow;   // exp(-kernelC (d spacing)^2), d = 0..
    private double lnZ;
    private double[] meanPhi;
    private double[] midLeft;     // normalized forward vector at mid-1 (null when mid = 1)
    private double[] midRight;    // normalized site-weighted backward vector at mid+1 (null when mid = N)
    private double midNorm;       // integral of the unnormalized mid density
    private double probabilityMidPositive;

    private Phi4ChainExact(int n, double beta, double a, double h, int pointsPerWidth) {
        this.n = n;
        this.beta = beta;
        this.a = a;
        this.h = h;
        double dx = 1.0 / (n + 1);
        this.kernelC = beta * a / (2 * dx);
        this.mid = (n + 1) / 2;
        double kernelWidth = 1 / Math.sqrt(2 * kernelC);
        double wellWidth = 1 / Math.sqrt(2 * beta * dx / a); // curvature of beta dx/(4a)(1-phi^2)^2 at phi = 1
        this.spacing = Math.min(kernelWidth, wellWidth) / pointsPerWidth;
        this.halfWidth = INITIAL_HALF_WIDTH;
        while (!solve()) {
            halfWidth *= 1.5;
        }
        double positive = Quadrature.integrate(this::midWeight, 0, halfWidth, spacing);
        double negative = Quadrature.integrate(this::midWeight, -halfWidth, 0, spacing);
        this.probabilityMidPositive = positive / (positive + negative);
    }

    /** Reference with converged default grid settings. */
    public static Phi4ChainExact of(int n, double beta, double a, double h) {
        return of(n, beta, a, h, DEFAULT_POINTS_PER_WIDTH);
    }

    /** Reference with {@code pointsPerWidth} grid points per width of the narrowest Gaussian factor. */
    public static Phi4ChainExact of(int n, double beta, double a, double h, int pointsPerWidth) {
        if (n < 1 || !(beta > 0) || !(a > 0) || !Double.isFinite(h) || pointsPerWidth < 1
                || !Double.isFinite(beta) || !Double.isFinite(a)) {
            throw B4jException.badInput("phi4-chain reference needs N >= 1, beta > 0, a > 0, finite h and pointsPerWidth >= 1"
                    + " (got N=%d, beta=%s, a=%s, h=%s, pointsPerWidth=%d)", n, beta, a, h, pointsPerWidth);
        }
        return new Phi4ChainExact(n, beta, a, h, pointsPerWidth);
    }

    /** Runs the transfer matrices on the current grid; false when the grid range is too small. */
    private boolean solve() {
        int half = (int) Math.ceil(halfWidth / spacing);
        halfWidth = half * spacing;
        int m = 2 * half + 1;
        phi = new double[m];
        lnSite = new double[m];
        double dx = 1.0 / (n + 1);
        for (int k = 0; k < m; k++) {
            phi[k] = (k - half) * spacing;
            double w = 1 - phi[k] * phi[k];
            lnSite[k] = -beta * (dx / (4 * a) * w * w + h * dx * phi[k]);
        }
        kernelRow = new double[m];
        for (int d = 0; d < m; d++) {
            kernelRow[d] = Math.exp(-kernelC * (d * spacing) * (d * spacing));
        }
        // forward: f_i(phi) = s(phi) int f_{i-1}(phi') K(phi', phi), f_0 = delta(phi); stored normalized
        double[][] forward = new double[n][];
        double[] f = new double[m];
        double lnScale = 0;
        for (int k = 0; k < m; k++) {
            f[k] = kernelRow[Math.abs(k - half)] * Math.exp(lnSite[k]);
        }
        lnScale += normalize(f);
        forward[0] = f;
        for (int i = 1; i < n; i++) {
            f = convolve(forward[i - 1]);
            for (int k = 0; k < m; k++) {
                f[k] *= Math.exp(lnSite[k]);
            }
            lnScale += normalize(f) + Math.log(spacing);
            forward[i] = f;
        }
        double last = 0;
        for (int k = 0; k < m; k++) {
            last += f[k] * kernelRow[Math.abs(k - half)];
        }
        lnZ = lnScale + Math.log(last * spacing);
        // backward: b_i(phi) = int K(phi, phi') s(phi') b_{i+1}(phi'), b_N(phi) = K(phi, 0)
        meanPhi = new double[n];
        midLeft = mid > 1 ? forward[mid - 2] : null;
        double[] b = new double[m];
        for (int k = 0; k < m; k++) {
            b[k] = kernelRow[Math.abs(k - half)];
        }
        normalize(b);
        boolean edgesNegligible = true;
        for (int i = n; i >= 1; i--) {
            double[] fi = forward[i - 1];
            double total = 0;
            double first = 0;
            double max = 0;
            for (int k = 0; k < m; k++) {
                double p = fi[k] * b[k];
                total += p;
                first += p * phi[k];
                max = Math.max(max, p);
            }
            meanPhi[i - 1] = first / total;
            edgesNegligible &= fi[0] * b[0] < EDGE_TOLERANCE * max && fi[m - 1] * b[m - 1] < EDGE_TOLERANCE * max;
            if (i > 1) {
                double[] weighted = new double[m];
                for (int k = 0; k < m; k++) {
                    weighted[k] = b[k] * Math.exp(lnSite[k]);
                }
                normalize(weighted);
                if (i == mid + 1) {
                    midRight = weighted;
                }
                b = convolve(weighted);
                normalize(b);
            }
        }
        if (mid == n) {
            midRight = null;
        }
        midNorm = 0;
        for (double x : phi) {
            midNorm += midWeightUnnormalized(x);
        }
        midNorm *= spacing;
        return edgesNegligible;
    }

    /** y_j = sum_k K(phi_j, phi_k) x_k over the kernel's nonzero band. */
    private double[] convolve(double[] x) {
        int m = x.length;
        int band = 0;
        while (band < m && kernelRow[band] > 0) {
            band++;
        }
        double[] y = new double[m];
        for (int j = 0; j < m; j++) {
            double s = 0;
            int from = Math.max(0, j - band + 1);
            int to = Math.min(m - 1, j + band - 1);
            for (int k = from; k <= to; k++) {
                s += kernelRow[Math.abs(j - k)] * x[k];
            }
            y[j] = s;
        }
        return y;
    }

    /** Scales v to maximum 1 and returns ln of the factor removed. */
    private static double normalize(double[] v) {
        double max = 0;
        for (double x : v) {
            max = Math.max(max, x);
        }
        if (!(max > 0) || !Double.isFinite(max)) {
            throw B4jException.failure("phi4-chain transfer matrix lost all weight (max %s): parameters out of reach", max);
        }
        for (int k = 0; k < v.length; k++) {
            v[k] /= max;
        }
        return Math.log(max);
    }

    /** Unnormalized density of phi_mid at any x, by one exact transfer step from each side. */
    private double midWeightUnnormalized(double x) {
        double dx = 1.0 / (n + 1);
        double w = 1 - x * x;
        double lnS = -beta * (dx / (4 * a) * w * w + h * dx * x);
        return Math.exp(lnS) * side(midLeft, x) * side(midRight, x);
    }

    private double side(double[] v, double x) {
        if (v == null) {
            return Math.exp(-kernelC * x * x); // the fixed boundary phi = 0
        }
        double s = 0;
        for (int k = 0; k < phi.length; k++) {
            double d = x - phi[k];
            s += v[k] * Math.exp(-kernelC * d * d);
        }
        return s;
    }

    private double midWeight(double x) {
        return midWeightUnnormalized(x) / midNorm;
    }

    /** ln Z, Lebesgue measure on the N field values. */
    public double lnZ() {
        return lnZ;
    }

    /** P(phi_mid > 0), phi_mid at 1-based index (N+1)/2. */
    public double probabilityMidPositive() {
        return probabilityMidPositive;
    }

    /** <phi_i>, i = 1..N at array index i-1. */
    public double[] meanPhi() {
        return meanPhi.clone();
    }

    /** <phi_mid>. */
    public double meanPhiMid() {
        return meanPhi[mid - 1];
    }

    /** Probability density of phi_mid at x. */
    public double midDensity(double x) {
        return midWeight(x);
    }

    /** -ln p(phi_mid = x) at the given points, shifted so its minimum over them is 0. */
    public double[] midFreeEnergy(double[] x) {
        double[] f = new double[x.length];
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < x.length; j++) {
            f[j] = -Math.log(midWeight(x[j]));
            min = Math.min(min, f[j]);
        }
        for (int j = 0; j < x.length; j++) {
            f[j] -= min;
        }
        return f;
    }

    /** Exact probabilities of phi_mid in the bins of [low, high] (as used by sampled profiles). */
    public double[] midBinProbabilities(double low, double high, int bins) {
        if (!(low < high) || bins < 1) {
            throw B4jException.badInput("bins need low < high and bins >= 1 (got [%s, %s], %d)", low, high, bins);
        }
        double[] p = new double[bins];
        double width = (high - low) / bins;
        for (int b = 0; b < bins; b++) {
            p[b] = Quadrature.integrate(this::midWeight, low + b * width, low + (b + 1) * width, spacing);
        }
        return p;
    }

    /** 1-based index of phi_mid, (N+1)/2. */
    public int midIndex() {
        return mid;
    }

    /** Grid spacing used for each field value. */
    public double gridSpacing() {
        return spacing;
    }

    /** Half-width of the grid range [-halfWidth, halfWidth]. */
    public double gridHalfWidth() {
        return halfWidth;
    }
}
