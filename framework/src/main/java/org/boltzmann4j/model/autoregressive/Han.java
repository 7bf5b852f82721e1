package org.boltzmann4j.model.autoregressive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import org.boltzmann4j.core.B4jException;

/**
 * A hierarchical autoregressive network (Białas, Korcyl and Stebel, Comput. Phys. Commun. 2022)
 * over the spins of a rows × cols torus. A {@link Made} draws the border, row 0 and column 0, which
 * on the torus enclose the whole lattice as one region. Each region (a rectangle given by its
 * border ring) is then split by a cross, its middle row and column, drawn site by site by a
 * conditional MADE that sees the region's border ring as context; the cross cuts the region into
 * four, and so on down to regions without interior. By the Markov property of nearest-neighbour
 * models, p(interior | border) depends on the border alone, so nothing is lost by conditioning on it.
 * Regions of one shape share one network (translation invariance on the torus): for L a power of
 * two, one network per level. ln q is the sum of the conditionals' ln q, exact; the order of the
 * factorization ({@link #siteOrder()}) is border, then crosses coarse to fine, so
 * {@link #sampleTail} regenerates the finest levels first.
 *
 * <p>Cost per sample grows like L² × (width of the level networks), against L⁴ for a dense MADE:
 * a level of regions of side S has (L/S)² networks of about 6S inputs. Sampling walks the regions
 * in plain Java (each cross with MADE's incremental pass); batched ln q and gradients gather every
 * region of a shape across the batch into one GEMM batch of its network. The networks train in
 * parallel, and sampling runs in parallel over blocks of configurations. Each network's hidden
 * width is the given width, capped at its number of inputs; each has its own Adam and clips its own
 * gradient.
 */
public final class Han implements AutoregressiveModel {

    /** The file {@link #save} writes into its directory. */
    public static final String FILE = "han.bin";
    private static final long MAGIC = 0x42344a48414e3031L; // "B4JHAN01"
    /** Gathered rows per network and batch of {@link #logDensity}, bounding its memory. */
    private static final int MAX_ROWS = 1 << 16;
    /** Configurations per random stream and parallel task when sampling. */
    private static final int SAMPLE_BLOCK = 16;

    private final int rows;
    private final int cols;
    private final int sites;
    private final int hidden;
    private final int layers;
    private final double learningRate;
    private final double clipNorm;
    private final Geometry geometry;
    /** The border network, then one network per region shape. */
    private final Made[] nets;
    private final int[] parameterOffset;
    private final int parameterCount;
    private final double[][] gradients;
    private int lastN;

    /**
     * @param rows         lattice rows, at least 1
     * @param cols         lattice columns (sites are numbered row by row), rows × cols ≥ 2
     * @param hidden       hidden width H of every network (capped at its inputs)
     * @param layers       hidden layers of every network: 0, 1 or 2
     * @param learningRate Adam step size
     * @param clipNorm     largest gradient norm of each network (Infinity: no clipping)
     * @param seed         fixes the initial weights
     */
    public Han(int rows, int cols, int hidden, int layers, double learningRate, double clipNorm, long seed) {
        this(rows, cols, hidden, layers, learningRate, clipNorm, seed, null);
    }

    private Han(int rows, int cols, int hidden, int layers, double learningRate, double clipNorm, long seed,
                Made[] loaded) {
        if (rows < 1 || cols < 1 || (long) rows * cols < 2 || layers < 0 || layers > 2 || (layers > 0 && hidden < 1)) {
            throw B4jException.badInput("HAN needs at least 2 sites, 0 to 2 hidden layers and a positive width "
                    + "(got %dx%d, %d layers, width %d)", rows, cols, layers, hidden);
        }
        this.rows = rows;
        this.cols = cols;
        this.sites = rows * cols;
        this.hidden = hidden;
        this.layers = layers;
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        this.geometry = new Geometry(rows, cols);
        int count = geometry.shapes.size();
        SplittableRandom rng = new SplittableRandom(seed);
        nets = new Made[count];
        parameterOffset = new int[count + 1];
        gradients = new double[count][];
        for (int g = 0; g < count; g++) {
            Shape s = geometry.shapes.get(g);
            nets[g] = loaded != null ? loaded[g]
                    : new Made(s.context, s.sites, width(s, hidden), layers, learningRate, clipNorm, rng.nextLong());
            if (nets[g].dimension() != s.sites || loaded != null && nets[g].layers() != layers) {
                throw B4jException.badInput("a saved HAN network does not fit the %dx%d lattice", rows, cols);
            }
            parameterOffset[g + 1] = parameterOffset[g] + nets[g].parameterCount();
            gradients[g] = new double[nets[g].parameterCount()];
        }
        parameterCount = parameterOffset[count];
    }

    private static int width(Shape s, int hidden) {
        return (int) width(s.context, s.sites, hidden);
    }

    private static long width(long context, long sites, int hidden) {
        return Math.min(hidden, context + sites);
    }

    /**
     * {context, sites, regions} of every network, as {@link Geometry} lays them out, counted level
     * by level without listing the sites: cheap at any lattice size.
     */
    private static List<long[]> networkShapes(int rows, int cols) {
        List<long[]> out = new ArrayList<>();
        out.add(new long[] {0, rows + cols - 1L, 1});
        Map<Long, Long> totals = new LinkedHashMap<>();
        Map<Long, Long> level = Map.of((long) rows << 32 | cols, 1L);
        while (!level.isEmpty()) {
            Map<Long, Long> next = new LinkedHashMap<>();
            for (Map.Entry<Long, Long> e : level.entrySet()) {
                int h = (int) (e.getKey() >>> 32);
                int w = (int) (long) e.getKey();
                if (h < 2 || w < 2) {
                    continue;
                }
                totals.merge(e.getKey(), e.getValue(), Long::sum);
                for (long child : new long[] {(long) (h / 2) << 32 | (w / 2), (long) (h / 2) << 32 | (w - w / 2),
                        (long) (h - h / 2) << 32 | (w / 2), (long) (h - h / 2) << 32 | (w - w / 2)}) {
                    next.merge(child, e.getValue(), Long::sum);
                }
            }
            level = next;
        }
        for (Map.Entry<Long, Long> e : totals.entrySet()) {
            int h = (int) (e.getKey() >>> 32);
            int w = (int) (long) e.getKey();
            out.add(new long[] {Geometry.contextOf(h, w), Geometry.sitesOf(h, w), e.getValue()});
        }
        return out;
    }

    /**
     * Parameters of the model for a lattice, computed from its shape without building it: for the
     * memory check before a run allocates anything.
     */
    public static long parameterCount(int rows, int cols, int hidden, int layers) {
        long total = 0;
        for (long[] s : networkShapes(rows, cols)) {
            long k = s[0];
            long d = s[1];
            long h = layers == 0 ? 0 : width(k, d, hidden);
            total += (k + d) * d + d + (layers >= 1 ? (k + d) * h + h + h * d : 0) + (layers == 2 ? h * h + h : 0);
        }
        return total;
    }

    /**
     * Bytes a forward and backward pass over {@code batch} configurations holds (every network's
     * inputs, logits, hidden activations and their gradients, each in ND4J memory and a Java
     * mirror), computed from the lattice's shape without building the model.
     */
    public static long trainingBytes(int rows, int cols, int hidden, int layers, int batch) {
        long total = 0;
        for (long[] s : networkShapes(rows, cols)) {
            long h = layers == 0 ? 0 : width(s[0], s[1], hidden);
            long perRow = 2 * (s[0] + s[1]) + 4 * s[1] + 4 * h * layers;
            total += Double.BYTES * perRow * s[2] * batch;
        }
        return total;
    }

    /** Hidden width of the level networks (each capped at its inputs). */
    public int hidden() {
        return hidden;
    }

    /** Hidden layers of every network. */
    public int layers() {
        return layers;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    @Override
    public int dimension() {
        return sites;
    }

    @Override
    public int parameterCount() {
        return parameterCount;
    }

    /**
     * This model moved onto a rows × cols torus: every region shape both lattices have keeps this
     * model's network (parameters and optimizer state), the rest are fresh. By the Markov property the
     * exact conditional of a region's cross given its border ring does not depend on the lattice
     * around it, so the shared networks are already trained; only the border, the coarse levels the
     * smaller lattice lacks, and the shape that was this lattice's whole torus (its ring wraps onto
     * itself here, a warm start there) need more training. Same lattice: an exact copy.
     *
     * @param seed fixes the fresh networks' initial weights
     */
    public Han onLattice(int newRows, int newCols, long seed) {
        Geometry target = new Geometry(newRows, newCols);
        Map<Long, Made> byShape = new LinkedHashMap<>(); // the region networks; the border fits one lattice only
        for (int g = 1; g < nets.length; g++) {
            byShape.put(geometry.shapes.get(g).key(), nets[g]);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Made[] moved = new Made[target.shapes.size()];
        for (int g = 0; g < moved.length; g++) {
            Shape s = target.shapes.get(g);
            Made same = g == 0 ? (newRows == rows && newCols == cols ? nets[0] : null) : byShape.get(s.key());
            long fresh = rng.nextLong();
            moved[g] = same != null ? same.copy()
                    : new Made(s.context, s.sites, width(s, hidden), layers, learningRate, clipNorm, fresh);
        }
        return new Han(newRows, newCols, hidden, layers, learningRate, clipNorm, 0, moved);
    }

    /** The networks: index 0 draws the border, index g ≥ 1 the crosses of one region shape. */
    int networks() {
        return nets.length;
    }

    @Override
    public int[] siteOrder() {
        return geometry.order.clone();
    }

    // ---------------------------------------------------------------- sampling

    @Override
    public void sample(int n, RandomGenerator rng, byte[] xs, double[] logq) {
        generate(xs, n, null, rng, logq);
    }

    @Override
    public void sampleTail(byte[] xs, int n, int[] from, RandomGenerator rng, double[] logq) {
        generate(xs, n, from, rng, logq);
    }

    /**
     * Draws the blocks in order for the whole batch: the border of each configuration, then, level
     * by level, every region of one shape across the batch at once (their crosses are independent
     * given the coarser levels), the context's part of their pre-activations as one GEMM, then each
     * cross with its network's incremental pass. Sites at positions before {@code from[k]} (all
     * when null: none) are read, not drawn; ln q sums every block's conditional. The incremental
     * passes run in parallel over blocks of {@value #SAMPLE_BLOCK} configurations, each with its own
     * random stream split off {@code rng}: the samples do not depend on the number of threads.
     */
    private void generate(byte[] xs, int n, int[] from, RandomGenerator rng, double[] logq) {
        Geometry geo = geometry;
        Shape border = geo.shapes.get(0);
        int blocks = (n + SAMPLE_BLOCK - 1) / SAMPLE_BLOCK;
        SplittableRandom[] streams = new SplittableRandom[blocks];
        for (int b = 0; b < blocks; b++) {
            streams[b] = new SplittableRandom(rng.nextLong());
        }
        IntStream.range(0, blocks).parallel().forEach(b -> {
            Made.Scratch scratch = nets[0].scratch();
            byte[] r = new byte[border.sites];
            for (int k = b * SAMPLE_BLOCK; k < Math.min(n, (b + 1) * SAMPLE_BLOCK); k++) {
                for (int j = 0; j < border.sites; j++) {
                    r[j] = xs[k * sites + border.layout[j]];
                }
                logq[k] = nets[0].generate(r, 0, from == null ? 0 : Math.min(from[k], border.sites), streams[b], null,
                        0, scratch);
                for (int j = 0; j < border.sites; j++) {
                    xs[k * sites + border.layout[j]] = r[j];
                }
            }
        });
        for (int[] group : geo.groups) {
            int g = geo.blockNet[group[0]];
            Shape s = geo.shapes.get(g);
            Made net = nets[g];
            int width = s.context + s.sites;
            int stride = net.hidden() + s.sites;
            int chunk = Math.max(1, MAX_ROWS / group.length / SAMPLE_BLOCK) * SAMPLE_BLOCK;
            for (int first = 0; first < n; first += chunk) {
                int samples = Math.min(chunk, n - first);
                int m = samples * group.length;
                byte[] rows = new byte[m * width];
                for (int q = 0; q < m; q++) {
                    int offset = (first + q / group.length) * sites;
                    int base = geo.blockRegion[group[q % group.length]] * width;
                    for (int j = 0; j < width; j++) {
                        rows[q * width + j] = xs[offset + s.layout[base + j]];
                    }
                }
                double[] pre = new double[m * stride];
                net.contextPass(rows, m, pre);
                int start = first;
                IntStream.range(0, (samples + SAMPLE_BLOCK - 1) / SAMPLE_BLOCK).parallel().forEach(c -> {
                    Made.Scratch scratch = net.scratch();
                    int end = Math.min(start + samples, start + (c + 1) * SAMPLE_BLOCK);
                    for (int k = start + c * SAMPLE_BLOCK; k < end; k++) {
                        for (int i = 0; i < group.length; i++) {
                            int q = (k - start) * group.length + i;
                            int b = group[i];
                            int local = from == null ? 0 : Math.max(0, Math.min(s.sites, from[k] - geo.blockStart[b]));
                            logq[k] += net.generate(rows, q * width, local, streams[k / SAMPLE_BLOCK], pre, q * stride,
                                    scratch);
                            int base = geo.blockRegion[b] * width;
                            for (int j = s.context; j < width; j++) {
                                xs[k * sites + s.layout[base + j]] = rows[q * width + j];
                            }
                        }
                    }
                });
            }
        }
    }

    // ---------------------------------------------------------------- batched ln q and gradients

    /** ln q of a batch: the networks in parallel, each over its regions in chunks that bound the memory. */
    @Override
    public void logDensity(byte[] xs, int n, double[] logq) {
        double[][] perNetwork = new double[nets.length][n];
        IntStream.range(0, nets.length).parallel().forEach(g -> {
            int regions = geometry.shapes.get(g).regions;
            int chunk = Math.max(1, MAX_ROWS / regions);
            for (int start = 0; start < n; start += chunk) {
                int m = Math.min(chunk, n - start);
                double[] part = new double[m * regions];
                nets[g].logDensityBatch(gather(g, xs, start, m), m * regions, part);
                sumRegions(part, regions, m, perNetwork[g], start);
            }
        });
        sumNetworks(perNetwork, n, logq);
    }

    /** ln q of a batch, keeping every network's activations for {@link #backward}: the networks in parallel. */
    @Override
    public void forward(byte[] xs, int n, double[] logq) {
        double[][] perNetwork = new double[nets.length][n];
        IntStream.range(0, nets.length).parallel().forEach(g -> {
            int regions = geometry.shapes.get(g).regions;
            double[] part = new double[n * regions];
            nets[g].forward(gather(g, xs, 0, n), n * regions, part);
            sumRegions(part, regions, n, perNetwork[g], 0);
        });
        sumNetworks(perNetwork, n, logq);
        lastN = n;
    }

    /** The rows of network g for configurations start … start + m - 1: each region's context and sites. */
    private byte[] gather(int g, byte[] xs, int start, int m) {
        Shape s = geometry.shapes.get(g);
        int width = s.context + s.sites;
        int per = s.regions * width;
        byte[] out = new byte[m * per];
        for (int k = 0; k < m; k++) {
            int offset = (start + k) * sites;
            for (int q = 0; q < per; q++) {
                out[k * per + q] = xs[offset + s.layout[q]];
            }
        }
        return out;
    }

    private static void sumRegions(double[] part, int regions, int m, double[] out, int start) {
        for (int k = 0; k < m; k++) {
            double sum = 0;
            for (int r = 0; r < regions; r++) {
                sum += part[k * regions + r];
            }
            out[start + k] = sum;
        }
    }

    /** logq = the networks' ln q summed in a fixed order (the same result however many threads ran). */
    private static void sumNetworks(double[][] perNetwork, int n, double[] logq) {
        Arrays.fill(logq, 0, n, 0);
        for (double[] part : perNetwork) {
            for (int k = 0; k < n; k++) {
                logq[k] += part[k];
            }
        }
    }

    @Override
    public void backward(double[] coefficients, double[] gradient) {
        if (lastN == 0) {
            throw new IllegalStateException("backward needs a forward pass first");
        }
        IntStream.range(0, nets.length).parallel().forEach(g -> {
            int regions = geometry.shapes.get(g).regions;
            double[] c = new double[lastN * regions];
            for (int k = 0; k < lastN; k++) {
                Arrays.fill(c, k * regions, (k + 1) * regions, coefficients[k]);
            }
            nets[g].backward(c, gradients[g]);
            System.arraycopy(gradients[g], 0, gradient, parameterOffset[g], gradients[g].length);
        });
    }

    /** One Adam step of every network on its part of the gradient; returns the global norm before clipping. */
    @Override
    public double descend(double[] gradient) {
        double[] norms = new double[nets.length];
        IntStream.range(0, nets.length).parallel().forEach(g -> {
            System.arraycopy(gradient, parameterOffset[g], gradients[g], 0, gradients[g].length);
            norms[g] = nets[g].descend(gradients[g]);
        });
        double squared = 0;
        for (double norm : norms) {
            squared += norm * norm;
        }
        return Math.sqrt(squared);
    }

    @Override
    public double maximumLikelihoodStep(byte[] xs, int n) {
        double[] logq = new double[n];
        forward(xs, n, logq);
        double[] c = new double[n];
        Arrays.fill(c, -1.0 / n);
        double[] gradient = new double[parameterCount];
        backward(c, gradient);
        descend(gradient);
        return -Arrays.stream(logq).average().orElse(0);
    }

    // ---------------------------------------------------------------- persistence

    /** Writes {@code han.bin}: lattice, width, then every network as {@link Made} writes itself. */
    @Override
    public void save(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeLong(MAGIC);
                out.writeInt(rows);
                out.writeInt(cols);
                out.writeInt(hidden);
                out.writeInt(layers);
                out.writeDouble(learningRate);
                out.writeDouble(clipNorm);
                out.writeInt(nets.length);
                for (Made net : nets) {
                    net.write(out);
                }
            }
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot save the HAN model to %s: %s", file, e.getMessage());
        }
    }

    /** Reloads a model written by {@link #save(Path)}: same ln q, same optimizer state. */
    public static Han load(Path dir) {
        Path file = dir.resolve(FILE);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readLong() != MAGIC) {
                throw B4jException.badInput("%s is not a saved HAN model", file);
            }
            int rows = in.readInt();
            int cols = in.readInt();
            int hidden = in.readInt();
            int layers = in.readInt();
            double lr = in.readDouble();
            double clip = in.readDouble();
            List<Shape> shapes = new Geometry(rows, cols).shapes;
            if (in.readInt() != shapes.size()) {
                throw B4jException.badInput("%s is corrupt: wrong number of networks for %dx%d", file, rows, cols);
            }
            Made[] nets = new Made[shapes.size()];
            for (int g = 0; g < nets.length; g++) {
                nets[g] = Made.read(in, shapes.get(g).context, file);
            }
            return new Han(rows, cols, hidden, layers, lr, clip, 0, nets);
        } catch (IOException e) {
            throw B4jException.badInput("cannot read the HAN model %s: %s", file, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- geometry

    /**
     * The sites one network draws, for every region it serves.
     *
     * @param context K, the sites of a region's border ring (0 for the lattice border)
     * @param sites   D, the sites each region draws
     * @param regions regions of this shape
     * @param layout  for each region, its K context sites then its D drawn sites (regions × (K + D))
     * @param height  the regions' height h (0 for the lattice border)
     * @param width   their width w
     */
    private record Shape(int context, int sites, int regions, int[] layout, int height, int width) {
        /** The region shape (h, w) as one number. */
        long key() {
            return (long) height << 32 | width;
        }
    }

    /**
     * The hierarchical order: blocks (the border, then region crosses breadth-first, coarse to
     * fine), each drawn by the network of its shape.
     */
    private static final class Geometry {
        final List<Shape> shapes = new ArrayList<>();
        final int[] order;
        final int[] blockNet;
        final int[] blockRegion;
        final int[] blockStart;
        /** The cross blocks by level and network, in order: blocks of one group are independent given earlier groups. */
        final List<int[]> groups = new ArrayList<>();

        Geometry(int rows, int cols) {
            order = new int[rows * cols];
            int position = 0;
            List<int[]> blocks = new ArrayList<>(); // {net, region, start}
            int[] border = new int[rows + cols - 1];
            for (int c = 0; c < cols; c++) {
                border[c] = c;
            }
            for (int r = 1; r < rows; r++) {
                border[cols - 1 + r] = r * cols;
            }
            shapes.add(new Shape(0, border.length, 1, border, 0, 0));
            blocks.add(new int[] {0, 0, 0});
            for (int site : border) {
                order[position++] = site;
            }
            Map<Long, List<int[]>> layouts = new LinkedHashMap<>(); // per shape (h, w), its regions' layouts
            Map<Long, Integer> network = new LinkedHashMap<>();
            ArrayDeque<int[]> queue = new ArrayDeque<>();
            queue.add(new int[] {0, 0, rows, cols, 0});
            while (!queue.isEmpty()) {
                int[] region = queue.poll();
                int r0 = region[0];
                int c0 = region[1];
                int h = region[2];
                int w = region[3];
                int depth = region[4];
                if (h < 2 || w < 2) {
                    continue;
                }
                int rm = r0 + h / 2;
                int cm = c0 + w / 2;
                int[] layout = new int[contextOf(h, w) + sitesOf(h, w)];
                int q = 0;
                for (int c = c0; c <= c0 + w; c++) {
                    layout[q++] = site(r0, c, rows, cols);
                    layout[q++] = site(r0 + h, c, rows, cols);
                }
                for (int r = r0 + 1; r < r0 + h; r++) {
                    layout[q++] = site(r, c0, rows, cols);
                    layout[q++] = site(r, c0 + w, rows, cols);
                }
                int first = q;
                for (int c = c0 + 1; c < c0 + w; c++) {
                    layout[q++] = site(rm, c, rows, cols);
                }
                for (int r = r0 + 1; r < r0 + h; r++) {
                    if (r != rm) {
                        layout[q++] = site(r, cm, rows, cols);
                    }
                }
                long key = (long) h << 32 | w;
                List<int[]> list = layouts.computeIfAbsent(key, x -> new ArrayList<>());
                int g = 1 + network.computeIfAbsent(key, x -> network.size());
                blocks.add(new int[] {g, list.size(), position, depth});
                list.add(layout);
                for (int j = first; j < q; j++) {
                    order[position++] = layout[j];
                }
                queue.add(new int[] {r0, c0, h / 2, w / 2, depth + 1});
                queue.add(new int[] {r0, cm, h / 2, w - w / 2, depth + 1});
                queue.add(new int[] {rm, c0, h - h / 2, w / 2, depth + 1});
                queue.add(new int[] {rm, cm, h - h / 2, w - w / 2, depth + 1});
            }
            for (Map.Entry<Long, List<int[]>> e : layouts.entrySet()) {
                int h = (int) (e.getKey() >>> 32);
                int w = (int) (long) e.getKey();
                List<int[]> list = e.getValue();
                int width = contextOf(h, w) + sitesOf(h, w);
                int[] flat = new int[list.size() * width];
                for (int i = 0; i < list.size(); i++) {
                    System.arraycopy(list.get(i), 0, flat, i * width, width);
                }
                shapes.add(new Shape(contextOf(h, w), sitesOf(h, w), list.size(), flat, h, w));
            }
            blockNet = new int[blocks.size()];
            blockRegion = new int[blocks.size()];
            blockStart = new int[blocks.size()];
            for (int b = 0; b < blocks.size(); b++) {
                blockNet[b] = blocks.get(b)[0];
                blockRegion[b] = blocks.get(b)[1];
                blockStart[b] = blocks.get(b)[2];
            }
            Map<Long, List<Integer>> byLevelAndNet = new LinkedHashMap<>();
            for (int b = 1; b < blocks.size(); b++) {
                long key = (long) blocks.get(b)[3] << 32 | blocks.get(b)[0];
                byLevelAndNet.computeIfAbsent(key, x -> new ArrayList<>()).add(b);
            }
            for (List<Integer> group : byLevelAndNet.values()) {
                groups.add(group.stream().mapToInt(Integer::intValue).toArray());
            }
            if (position != order.length) {
                throw new IllegalStateException("the hierarchy covers " + position + " of " + order.length + " sites");
            }
        }

        /** The border ring of an h × w region (rows r0 and r0 + h, columns c0 and c0 + w). */
        static int contextOf(int h, int w) {
            return 2 * (h + w);
        }

        /** Its cross: the middle row and column of the interior. */
        static int sitesOf(int h, int w) {
            return h + w - 3;
        }

        private static int site(int r, int c, int rows, int cols) {
            return (r % rows) * cols + c % cols;
        }
    }
}
