package org.boltzmann4j.analysis.profile;

import org.boltzmann4j.core.B4jException;

/**
 * A free-energy surface F(x, y) = -ln p(x, y) in units of kT over a grid of two order parameters,
 * minimum 0, with one-sigma errors: the two-dimensional {@link FreeEnergyProfile}. Each cell is one
 * bin of a profile over the cells (so the same batch-means errors for chains, weighted estimates
 * for importance samples, and cells with fewer than {@link FreeEnergyProfile#MIN_EFFECTIVE_COUNTS}
 * effective counts dropped as NaN); samples outside the grid count in the normalization only.
 *
 * @param xName      first order parameter
 * @param yName      second order parameter
 * @param x          cell centres along x
 * @param y          cell centres along y
 * @param freeEnergy F per cell, {@code [ix][iy]}
 * @param stderr     one-sigma error of F per cell, {@code [ix][iy]}
 */
public record FreeEnergySurface(String xName, String yName, double[] x, double[] y, double[][] freeEnergy,
                                double[][] stderr) {

    public FreeEnergySurface {
        if (freeEnergy.length != x.length || stderr.length != x.length) {
            throw B4jException.badInput("surface arrays differ in length along %s: %d centres, %d and %d rows",
                    xName, x.length, freeEnergy.length, stderr.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (freeEnergy[i].length != y.length || stderr[i].length != y.length) {
                throw B4jException.badInput("surface row %d does not hold %d cells along %s", i, y.length, yName);
            }
        }
    }

    /**
     * The grid: {@code bins} cells along each axis on [low, high].
     *
     * @param xName name of the first order parameter
     * @param xLow  lower edge along x
     * @param xHigh upper edge along x
     * @param yName name of the second order parameter
     * @param yLow  lower edge along y
     * @param yHigh upper edge along y
     * @param bins  cells per axis
     */
    public record Grid(String xName, double xLow, double xHigh, String yName, double yLow, double yHigh, int bins) {

        public Grid {
            if (!(xLow < xHigh && yLow < yHigh && Double.isFinite(xLow + xHigh + yLow + yHigh)) || bins < 1) {
                throw B4jException.badInput("a free-energy surface needs finite low < high on both axes and bins >= 1"
                        + " (got %s [%s, %s], %s [%s, %s], %d bins)", xName, xLow, xHigh, yName, yLow, yHigh, bins);
            }
        }

        /** The cell of (u, v) as ix·bins + iy + ½ (the value a cell profile bins), or -1 outside the grid. */
        double cell(double u, double v) {
            if (Double.isNaN(u) || Double.isNaN(v)) {
                throw B4jException.failure("order parameter value is NaN (%s = %s, %s = %s)", xName, u, yName, v);
            }
            int ix = index(u, xLow, xHigh);
            int iy = index(v, yLow, yHigh);
            return ix < 0 || iy < 0 ? -1 : ix * bins + iy + 0.5;
        }

        private int index(double u, double low, double high) {
            if (u < low || u > high) {
                return -1;
            }
            return Math.min(bins - 1, (int) Math.floor((u - low) * bins / (high - low)));
        }

        private double[] centres(double low, double high) {
            double[] c = new double[bins];
            for (int b = 0; b < bins; b++) {
                c[b] = low + (b + 0.5) * (high - low) / bins;
            }
            return c;
        }
    }

    /** The surface from Markov chain traces of both order parameters, {@code [chain][record]}, equal lengths. */
    public static FreeEnergySurface estimate(double[][] xs, double[][] ys, Grid grid) {
        if (xs.length != ys.length || xs.length == 0) {
            throw B4jException.badInput("a free-energy surface needs the same chains (at least one) of both order "
                    + "parameters (got %d and %d)", xs.length, ys.length);
        }
        double[][] cells = new double[xs.length][];
        for (int c = 0; c < xs.length; c++) {
            cells[c] = cells(xs[c], ys[c], grid);
        }
        int n = grid.bins() * grid.bins();
        return of(grid, FreeEnergyProfile.estimate(cells, 0, n, n));
    }

    /** The surface from importance-weighted samples (one chain of independent samples). */
    public static FreeEnergySurface weighted(double[] xs, double[] ys, double[] logWeights, Grid grid) {
        int n = grid.bins() * grid.bins();
        return of(grid, FreeEnergyProfile.weighted(cells(xs, ys, grid), logWeights, 0, n, n));
    }

    private static double[] cells(double[] xs, double[] ys, Grid grid) {
        if (xs.length != ys.length) {
            throw B4jException.badInput("a free-energy surface needs as many %s values as %s values (got %d and %d)",
                    grid.xName(), grid.yName(), xs.length, ys.length);
        }
        double[] cells = new double[xs.length];
        for (int t = 0; t < xs.length; t++) {
            cells[t] = grid.cell(xs[t], ys[t]);
        }
        return cells;
    }

    private static FreeEnergySurface of(Grid grid, Profile cells) {
        int bins = grid.bins();
        double[][] f = new double[bins][bins];
        double[][] err = new double[bins][bins];
        for (int ix = 0; ix < bins; ix++) {
            for (int iy = 0; iy < bins; iy++) {
                f[ix][iy] = cells.freeEnergy()[ix * bins + iy];
                err[ix][iy] = cells.stderr()[ix * bins + iy];
            }
        }
        return new FreeEnergySurface(grid.xName(), grid.yName(), grid.centres(grid.xLow(), grid.xHigh()),
                grid.centres(grid.yLow(), grid.yHigh()), f, err);
    }
}
