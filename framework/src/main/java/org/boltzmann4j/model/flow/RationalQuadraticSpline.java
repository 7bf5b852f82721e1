package org.boltzmann4j.model.flow;

/**
 * The monotone rational-quadratic spline of neural spline flows (Durkan, Bekasov, Murray and
 * Papamakarios, NeurIPS 2019) on [−B, B] with K bins, the identity outside: from 3K − 1 raw numbers
 * (K bin widths and K heights through a softmax, K − 1 interior knot slopes through a softplus; the
 * slopes at ±B are 1), all zero giving the identity. One spline per moved site of a coupling
 * layer; this class holds its arithmetic: y = T(x), ℓ = ln T′(x), the inverse, and the partial
 * derivatives of y and ℓ with respect to x and to the raw numbers for backpropagation.
 *
 * <p>{@link #mirror} maps the raw numbers of T to those of x ↦ −T(−x): bins, heights and slopes
 * in reverse order. A coupling that feeds it the conditioner's output on −φ makes the spline odd
 * in (x, φ) together, as z2 flows need. Not thread-safe (one scratch per instance).
 */
final class RationalQuadraticSpline {

    /** Smallest bin width and height, as a fraction of the interval 2B. */
    private static final double MIN_BIN = 1e-3;
    /** Smallest knot slope. */
    private static final double MIN_SLOPE = 1e-3;
    /** softplus(SLOPE_SHIFT) + MIN_SLOPE = 1: a zero raw slope is slope 1. */
    private static final double SLOPE_SHIFT = Math.log(Math.expm1(1 - MIN_SLOPE));

    private final int bins;
    private final double bound;
    private final double[] widthShare;
    private final double[] heightShare;
    private final double[] knotX;
    private final double[] knotY;
    private final double[] slope;
    private final double[] slopeGate;
    private final double[] gradWidth;
    private final double[] gradHeight;

    // the last evaluation: its bin k and the partials of y and ℓ in (x, w, h, δ_k, δ_k+1); ∂/∂x_k = −∂/∂x
    private int bin;
    private boolean inside;
    private double logSlope;
    private double ydx;
    private double ldx;
    private double yw;
    private double lw;
    private double yh;
    private double lh;
    private double yd0;
    private double ld0;
    private double yd1;
    private double ld1;

    /**
     * @param bins  K ≥ 2
     * @param bound B > 0
     */
    RationalQuadraticSpline(int bins, double bound) {
        this.bins = bins;
        this.bound = bound;
        widthShare = new double[bins];
        heightShare = new double[bins];
        knotX = new double[bins + 1];
        knotY = new double[bins + 1];
        slope = new double[bins + 1];
        slopeGate = new double[bins + 1];
        gradWidth = new double[bins];
        gradHeight = new double[bins];
    }

    /** Raw numbers per spline: 3K − 1. */
    static int parameters(int bins) {
        return 3 * bins - 1;
    }

    /** to[t..t+3K−1) ← the raw numbers of x ↦ −T(−x), T given by raw[r..r+3K−1) (they may not overlap). */
    static void mirror(int bins, double[] raw, int r, double[] to, int t) {
        for (int j = 0; j < bins; j++) {
            to[t + j] = raw[r + bins - 1 - j];
            to[t + bins + j] = raw[r + 2 * bins - 1 - j];
        }
        for (int j = 0; j < bins - 1; j++) {
            to[t + 2 * bins + j] = raw[r + 3 * bins - 2 - j];
        }
    }

    /** Sets this spline's knots from raw[r..r+3K−1). */
    void knots(double[] raw, int r) {
        softmax(raw, r, widthShare);
        softmax(raw, r + bins, heightShare);
        double scale = 2 * bound * (1 - bins * MIN_BIN);
        double floor = 2 * bound * MIN_BIN;
        knotX[0] = -bound;
        knotY[0] = -bound;
        for (int j = 0; j < bins; j++) {
            knotX[j + 1] = knotX[j] + floor + scale * widthShare[j];
            knotY[j + 1] = knotY[j] + floor + scale * heightShare[j];
        }
        knotX[bins] = bound;
        knotY[bins] = bound;
        slope[0] = 1;
        slope[bins] = 1;
        for (int j = 1; j < bins; j++) {
            double v = raw[r + 2 * bins + j - 1] + SLOPE_SHIFT;
            slope[j] = MIN_SLOPE + softplus(v);
            slopeGate[j] = 1 / (1 + Math.exp(-v));
        }
    }

    /** y = T(x) under the current knots; {@link #logSlope()} and the partials then refer to x. */
    double forward(double x) {
        int k = bin(knotX, x);
        if (k < 0) {
            inside = false;
            return x;
        }
        return evaluate(k, (x - knotX[k]) / (knotX[k + 1] - knotX[k]));
    }

    /** x = T⁻¹(y) under the current knots; {@link #logSlope()} and the partials then refer to that x. */
    double inverse(double y) {
        int k = bin(knotY, y);
        if (k < 0) {
            inside = false;
            return y;
        }
        double w = knotX[k + 1] - knotX[k];
        double h = knotY[k + 1] - knotY[k];
        double s = h / w;
        double d0 = slope[k];
        double d1 = slope[k + 1];
        double dy = y - knotY[k];
        double e = d1 + d0 - 2 * s;
        double a = h * (s - d0) + dy * e;
        double b = h * d0 - dy * e;
        double c = -s * dy;
        double xi = 2 * c / (-b - Math.sqrt(Math.max(b * b - 4 * a * c, 0)));
        xi = Math.min(Math.max(xi, 0), 1);
        evaluate(k, xi);
        return knotX[k] + xi * w;
    }

    /** The bin of v among the knots (x or y), or −1 outside (−B, B). */
    private int bin(double[] knots, double v) {
        if (!(v > -bound && v < bound)) {
            return -1;
        }
        int k = bins - 1;
        while (k > 0 && v < knots[k]) {
            k--;
        }
        return k;
    }

    /** ℓ = ln T′(x) at the last point. */
    double logSlope() {
        return inside ? logSlope : 0;
    }

    /** T′(x) at the last point. */
    double slopeAt() {
        return inside ? Math.exp(logSlope) : 1;
    }

    /** ∂ℓ/∂x at the last point. */
    double logSlopeDx() {
        return inside ? ldx : 0;
    }

    /**
     * Backpropagation at the last point: adds gy ∂y/∂θ + gl ∂ℓ/∂θ to grad[g..g+3K−1) (θ the raw numbers
     * of the current knots) and returns gy ∂y/∂x + gl ∂ℓ/∂x.
     */
    double backward(double gy, double gl, double[] grad, int g) {
        if (!inside) {
            return gy;
        }
        int k = bin;
        double gx = gy * ydx + gl * ldx;
        double gxk = -gx; // x_k enters through ξ = (x − x_k)/w only
        double gw = gy * yw + gl * lw;
        double gh = gy * yh + gl * lh;
        // knot k's x is the sum of the widths before it (y likewise; ∂y/∂y_k = 1, ∂ℓ/∂y_k = 0)
        for (int j = 0; j < bins; j++) {
            gradWidth[j] = (j < k ? gxk : 0) + (j == k ? gw : 0);
            gradHeight[j] = (j < k ? gy : 0) + (j == k ? gh : 0);
        }
        double scale = 2 * bound * (1 - bins * MIN_BIN);
        softmaxBackward(widthShare, gradWidth, scale, grad, g);
        softmaxBackward(heightShare, gradHeight, scale, grad, g + bins);
        if (k > 0) {
            grad[g + 2 * bins + k - 1] += (gy * yd0 + gl * ld0) * slopeGate[k];
        }
        if (k + 1 < bins) {
            grad[g + 2 * bins + k] += (gy * yd1 + gl * ld1) * slopeGate[k + 1];
        }
        return gx;
    }

    /** y and ℓ at ξ in bin k, and their partials. */
    private double evaluate(int k, double xi) {
        inside = true;
        bin = k;
        double w = knotX[k + 1] - knotX[k];
        double h = knotY[k + 1] - knotY[k];
        double s = h / w;
        double d0 = slope[k];
        double d1 = slope[k + 1];
        double a = xi * (1 - xi);
        double da = 1 - 2 * xi;
        double e = d1 + d0 - 2 * s;
        double den = s + e * a;
        double num = s * xi * xi + d0 * a;
        double m = d1 * xi * xi + 2 * s * a + d0 * (1 - xi) * (1 - xi);
        double den2 = den * den;
        logSlope = 2 * Math.log(s) + Math.log(m) - 2 * Math.log(den);
        // partials in (ξ, s, h explicit, δ0, δ1)
        double yXi = h * ((2 * s * xi + d0 * da) * den - num * e * da) / den2;
        double yS = h * (xi * xi * den - num * (1 - 2 * a)) / den2;
        double yH = num / den;
        yd0 = h * a * (den - num) / den2;
        yd1 = -h * num * a / den2;
        double lXi = (2 * d1 * xi + 2 * s * da - 2 * d0 * (1 - xi)) / m - 2 * e * da / den;
        double lS = 2 / s + 2 * a / m - 2 * (1 - 2 * a) / den;
        ld0 = (1 - xi) * (1 - xi) / m - 2 * a / den;
        ld1 = xi * xi / m - 2 * a / den;
        // ξ = (x − x_k)/w, s = h/w
        ydx = yXi / w;
        ldx = lXi / w;
        yw = -(yXi * xi + yS * s) / w;
        lw = -(lXi * xi + lS * s) / w;
        yh = yH + yS / w;
        lh = lS / w;
        return knotY[k] + h * num / den;
    }

    /** grad[g + j] += ∂/∂raw_j of Σ_i G_i w_i, w = floor + scale · softmax(raw). */
    private void softmaxBackward(double[] share, double[] gradShare, double scale, double[] grad, int g) {
        double mean = 0;
        for (int j = 0; j < bins; j++) {
            mean += share[j] * gradShare[j];
        }
        for (int j = 0; j < bins; j++) {
            grad[g + j] += scale * share[j] * (gradShare[j] - mean);
        }
    }

    private void softmax(double[] raw, int r, double[] share) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < bins; j++) {
            max = Math.max(max, raw[r + j]);
        }
        double sum = 0;
        for (int j = 0; j < bins; j++) {
            share[j] = Math.exp(raw[r + j] - max);
            sum += share[j];
        }
        for (int j = 0; j < bins; j++) {
            share[j] /= sum;
        }
    }

    private static double softplus(double v) {
        return v > 30 ? v : Math.log1p(Math.exp(v));
    }
}
