package org.boltzmann4j.analysis.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.analysis.profile.FreeEnergySurface;
import org.boltzmann4j.analysis.profile.Profile;
import org.boltzmann4j.core.AtomicFiles;
import org.boltzmann4j.core.B4jException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The plots of a run, written as PNG: free-energy profiles with error bars against the exact curve,
 * order-parameter traces, free-energy surfaces over two order parameters as heat maps, and curves
 * over training. White background, large fonts, a legend where
 * there is more than one series; NaN points are left out.
 */
public final class Plots {

    static {
        System.setProperty("java.awt.headless", "true");
        // in memory: ImageIO's file cache registers a JVM shutdown hook, which fails while an interrupted run
        // writes its plots during shutdown
        javax.imageio.ImageIO.setUseCache(false);
    }

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 650;
    /** Colour-blind-safe palette (Okabe-Ito), then greys. */
    private static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(240, 228, 66), new Color(90, 90, 90),
    };
    private static final int MAX_POINTS = 2500;

    private Plots() {
    }

    /**
     * Sampled free-energy profiles (points with one-sigma error bars, lines broken at dropped bins),
     * each series' own exact curve as a line in its colour, and, when {@code exactX} is not null, a
     * shared exact profile as a black line. The y axis is F in kT. Give the exact curve the same
     * zero as the sampled ones: F at the bin centres from exact bin probabilities
     * ({@code FreeEnergyProfile.fromProbabilities}), or a finer -ln p shifted to minimum 0.
     */
    public static void freeEnergyProfile(Path png, String title, String xLabel, List<ProfileSeries> sampled,
                                         double[] exactX, double[] exactF) {
        YIntervalSeriesCollection points = new YIntervalSeriesCollection();
        double top = 0;
        double left = Double.POSITIVE_INFINITY;
        double right = Double.NEGATIVE_INFINITY;
        for (ProfileSeries s : sampled) {
            YIntervalSeries series = new YIntervalSeries(s.label());
            Profile p = s.profile();
            for (int b = 0; b < p.size(); b++) {
                double f = p.freeEnergy()[b];
                if (Double.isFinite(f)) {
                    double e = Double.isFinite(p.stderr()[b]) ? p.stderr()[b] : 0;
                    series.add(p.x()[b], f, f - e, f + e);
                    top = Math.max(top, f);
                    left = Math.min(left, p.x()[b]);
                    right = Math.max(right, p.x()[b]);
                } else {
                    series.add(p.x()[b], Double.NaN, Double.NaN, Double.NaN); // breaks the line at empty bins
                }
            }
            points.addSeries(series);
        }
        // the shared exact curve (black), then each series' own (in its colour)
        XYSeriesCollection exact = new XYSeriesCollection();
        if (exactX != null) {
            if (exactF == null || exactF.length != exactX.length) {
                throw B4jException.badInput("exact profile needs as many F values as x values");
            }
            top = Math.max(top, addLine(exact, "exact", exactX, exactF, left, right, sampled.isEmpty()));
        }
        for (ProfileSeries s : sampled) {
            if (s.exactX() != null) {
                top = Math.max(top, addLine(exact, "exact, " + s.label(), s.exactX(), s.exactF(), left, right, false));
            }
        }
        XYErrorRenderer errors = new XYErrorRenderer();
        errors.setDrawXError(false);
        errors.setDefaultLinesVisible(true);
        errors.setCapLength(6);
        errors.setErrorStroke(new BasicStroke(1.6f));
        for (int s = 0; s < sampled.size(); s++) {
            Color c = PALETTE[s % PALETTE.length];
            errors.setSeriesPaint(s, c);
            errors.setSeriesStroke(s, new BasicStroke(1.4f));
            errors.setSeriesShape(s, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
        }
        errors.setErrorPaint(null); // error bars in the series colour
        XYPlot plot = new XYPlot(points, axis(xLabel), axis("free energy F / kT"), errors);
        if (exact.getSeriesCount() > 0) {
            XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
            int next = 0;
            if (exactX != null) {
                line.setSeriesPaint(next, Color.BLACK);
                line.setSeriesStroke(next++, new BasicStroke(2.4f));
            }
            for (int s = 0; s < sampled.size(); s++) {
                if (sampled.get(s).exactX() != null) {
                    line.setSeriesPaint(next, PALETTE[s % PALETTE.length]);
                    line.setSeriesStroke(next++, new BasicStroke(2.0f));
                }
            }
            plot.setDataset(1, exact);
            plot.setRenderer(1, line);
        }
        plot.getRangeAxis().setRange(-0.4, Math.max(1, top) * 1.08 + 0.4);
        write(png, chart(title, plot, sampled.size() + exact.getSeriesCount() > 1));
    }

    /**
     * A point marked on a surface plot, such as a metastable state.
     *
     * @param label text next to the point
     * @param x     first coordinate
     * @param y     second coordinate
     */
    public record Mark(String label, double x, double y) {
    }

    /** F (kT) above which a surface's cells share the last colour. */
    private static final double SURFACE_CAP = 15;

    /**
     * A free-energy surface as a heat map: F in kT from dark (0) to light (capped at
     * {@value #SURFACE_CAP} kT or the surface's maximum, whichever is lower), dropped cells blank,
     * with labelled marks (the declared metastable states, say) drawn over it.
     */
    public static void freeEnergySurface(Path png, String title, FreeEnergySurface surface, List<Mark> marks) {
        int nx = surface.x().length;
        int ny = surface.y().length;
        List<double[]> cells = new ArrayList<>();
        double top = 0;
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                double f = surface.freeEnergy()[i][j];
                if (Double.isFinite(f)) {
                    cells.add(new double[] {surface.x()[i], surface.y()[j], f});
                    top = Math.max(top, f);
                }
            }
        }
        double[][] xyz = new double[3][cells.size()];
        for (int k = 0; k < cells.size(); k++) {
            for (int a = 0; a < 3; a++) {
                xyz[a][k] = cells.get(k)[a];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("F", xyz);
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth(nx > 1 ? surface.x()[1] - surface.x()[0] : 1);
        blocks.setBlockHeight(ny > 1 ? surface.y()[1] - surface.y()[0] : 1);
        PaintScale scale = new HeatScale(Math.max(1, Math.min(SURFACE_CAP, top)));
        blocks.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, axis(surface.xName()), axis(surface.yName()), blocks);
        zoom(plot.getDomainAxis(), xyz[0], marks.stream().mapToDouble(Mark::x).toArray(), blocks.getBlockWidth());
        zoom(plot.getRangeAxis(), xyz[1], marks.stream().mapToDouble(Mark::y).toArray(), blocks.getBlockHeight());
        for (Mark m : marks) {
            plot.addAnnotation(new XYShapeAnnotation(markShape(plot, m), new BasicStroke(2f), Color.WHITE, Color.BLACK));
            // the label just above the mark, black on a light box
            XYTextAnnotation text = new XYTextAnnotation(" " + m.label() + " ", m.x(),
                    m.y() + 0.025 * plot.getRangeAxis().getRange().getLength());
            text.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            text.setPaint(Color.BLACK);
            text.setBackgroundPaint(new Color(255, 255, 255, 210));
            text.setTextAnchor(TextAnchor.BOTTOM_CENTER);
            plot.addAnnotation(text);
        }
        JFreeChart chart = chart(title, plot, false);
        NumberAxis fAxis = axis("F / kT");
        fAxis.setRange(0, scale.getUpperBound());
        PaintScaleLegend legend = new PaintScaleLegend(scale, fAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(10, 10, 10, 10));
        legend.setStripWidth(18);
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);
        write(png, chart);
    }

    /** The axis over the cells drawn and the marks, half a cell and 5% beyond them. */
    private static void zoom(org.jfree.chart.axis.ValueAxis axis, double[] cells, double[] marks, double cell) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] values : new double[][] {cells, marks}) {
            for (double v : values) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo <= hi) {
            double pad = 0.5 * cell + 0.05 * (hi - lo);
            axis.setRange(lo - pad, hi + pad);
        }
    }

    /** A circle about a mark, 1.2% of each axis wide. */
    private static java.awt.Shape markShape(XYPlot plot, Mark m) {
        double w = 0.012 * plot.getDomainAxis().getRange().getLength();
        double h = 0.012 * plot.getRangeAxis().getRange().getLength();
        return new Ellipse2D.Double(m.x() - w, m.y() - h, 2 * w, 2 * h);
    }

    /** A perceptually ordered dark-to-light scale over [0, upper] (plasma: dark blue, magenta, orange, yellow). */
    private record HeatScale(double upper) implements PaintScale {

        private static final Color[] STOPS = {
            new Color(13, 8, 135), new Color(84, 2, 163), new Color(139, 10, 165), new Color(185, 50, 137),
            new Color(219, 92, 104), new Color(244, 136, 73), new Color(254, 188, 43), new Color(240, 249, 33),
        };

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public java.awt.Paint getPaint(double f) {
            double t = Math.max(0, Math.min(1, f / upper)) * (STOPS.length - 1);
            int k = Math.min(STOPS.length - 2, (int) t);
            double a = t - k;
            Color lo = STOPS[k];
            Color hi = STOPS[k + 1];
            return new Color((int) Math.round(lo.getRed() + a * (hi.getRed() - lo.getRed())),
                    (int) Math.round(lo.getGreen() + a * (hi.getGreen() - lo.getGreen())),
                    (int) Math.round(lo.getBlue() + a * (hi.getBlue() - lo.getBlue())));
        }
    }

    /** Adds an exact curve; returns its largest F inside [left, right] (anywhere when {@code anywhere}). */
    private static double addLine(XYSeriesCollection lines, String key, double[] x, double[] f, double left,
                                  double right, boolean anywhere) {
        XYSeries line = new XYSeries(key, false, true);
        double top = 0;
        for (int j = 0; j < x.length; j++) {
            if (Double.isFinite(f[j])) {
                line.add(x[j], f[j]);
                if (x[j] >= left && x[j] <= right || anywhere) {
                    top = Math.max(top, f[j]);
                }
            }
        }
        lines.addSeries(line);
        return top;
    }

    /**
     * Order-parameter traces of the first {@code maxChains} chains against the step
     * {@code record * stride}, one strip per chain on a common y range; long traces are thinned
     * evenly to a few thousand points.
     */
    public static void traces(Path png, String title, String yLabel, double[][] chainTraces, double stride,
                              int maxChains) {
        int shown = Math.min(maxChains, chainTraces.length);
        if (shown < 1) {
            throw B4jException.badInput("a trace plot needs at least one chain");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < shown; c++) {
            for (double v : chainTraces[c]) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double pad = hi > lo ? 0.05 * (hi - lo) : 1;
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(axis("step"));
        plot.setGap(8);
        for (int c = 0; c < shown; c++) {
            double[] trace = chainTraces[c];
            XYSeries series = new XYSeries("chain " + c, false, true);
            int every = Math.max(1, (trace.length + MAX_POINTS - 1) / MAX_POINTS);
            for (int t = 0; t < trace.length; t += every) {
                if (Double.isFinite(trace[t])) {
                    series.add(t * stride, trace[t]);
                }
            }
            XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
            line.setSeriesPaint(0, PALETTE[c % PALETTE.length]);
            line.setSeriesStroke(0, new BasicStroke(1.1f));
            NumberAxis y = axis(shown == 1 ? yLabel : yLabel + ", chain " + c);
            y.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, shown > 2 ? 15 : 20));
            y.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, shown > 2 ? 13 : 16));
            if (lo <= hi) {
                y.setRange(lo - pad, hi + pad);
            }
            XYPlot strip = new XYPlot(new XYSeriesCollection(series), null, y, line);
            style(strip);
            plot.add(strip);
        }
        write(png, chart(title, plot, false), Math.max(HEIGHT, 120 + 170 * shown));
    }

    /**
     * Named curves, each given as {@code {x[], y[]}} (for example the loss or the acceptance over
     * training); NaN points are skipped.
     */
    public static void curves(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> namedXY) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[][]> e : namedXY.entrySet()) {
            double[][] xy = e.getValue();
            if (xy.length != 2 || xy[0].length != xy[1].length) {
                throw B4jException.badInput("curve '%s' must be {x[], y[]} of equal lengths", e.getKey());
            }
            XYSeries series = new XYSeries(e.getKey(), false, true);
            for (int i = 0; i < xy[0].length; i++) {
                if (Double.isFinite(xy[0][i]) && Double.isFinite(xy[1][i])) {
                    series.add(xy[0][i], xy[1][i]);
                }
            }
            data.addSeries(series);
        }
        XYPlot plot = new XYPlot(data, axis(xLabel), axis(yLabel), lineRenderer(namedXY.size(), 2.2f));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        write(png, chart(title, plot, namedXY.size() > 1));
    }

    private static XYLineAndShapeRenderer lineRenderer(int series, float width) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < series; s++) {
            r.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
            r.setSeriesStroke(s, new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        return r;
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlinePaint(Color.GRAY);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    private static JFreeChart chart(String title, XYPlot plot, boolean legend) {
        style(plot);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 24), plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 20));
        TextTitle t = chart.getTitle();
        t.setPadding(new RectangleInsets(4, 4, 12, 4));
        if (legend) {
            LegendTitle l = chart.getLegend();
            l.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 18));
            l.setFrame(BlockBorder.NONE);
            l.setBackgroundPaint(Color.WHITE);
            l.setPosition(RectangleEdge.BOTTOM);
            l.setItemLabelPadding(new RectangleInsets(2, 6, 2, 24));
        }
        return chart;
    }

    private static void write(Path png, JFreeChart chart) {
        write(png, chart, HEIGHT);
    }

    private static void write(Path png, JFreeChart chart, int height) {
        AtomicFiles.write(png, temp -> ChartUtils.saveChartAsPNG(temp.toFile(), chart, WIDTH, height));
    }
}
