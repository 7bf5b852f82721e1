package org.boltzmann4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.boltzmann4j.model.autoregressive.AutoregressiveModel;
import org.boltzmann4j.system.SymmetryGroup;
import org.boltzmann4j.testing.Enumeration;
import org.boltzmann4j.testing.Models;
import org.boltzmann4j.testing.Models.Kind;
import org.boltzmann4j.testing.Models.Model;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every generative model must satisfy, checked for each entry of {@link Models#all()} (every
 * model in each precision it offers), alone and averaged over the global sign flip by
 * {@link SymmetrizedModel}, untrained and after a few large training steps: sample() reports the
 * ln q that logDensity() evaluates; q is normalized (exact sum over all 2^9 spin configurations, a
 * 2D grid integral and an importance estimate for flows); save/load round-trips ln q, samples and
 * the optimizer state exactly; float32 and float64 arithmetic on the same weights agree; the
 * symmetrized model is invariant under its group; a maximum-likelihood step lowers −ln q; sample
 * counts follow q (χ²); autoregressive models regenerate tails with their exact ln q.
 */
class ModelContractTest {

    /** Sites of the spin models: 2^9 configurations are enumerated. */
    private static final int SPIN_SITES = 9;
    /** Dimension of the flows outside the 2D grid integral; odd, so that the couplings are uneven. */
    private static final int REAL_DIMENSION = 5;

    record Case(Model<?> model, boolean symmetrized) {
        @Override
        public String toString() {
            return model.name() + (symmetrized ? " + sign-flip average" : "");
        }
    }

    static Stream<Case> models() {
        return Models.all().stream().flatMap(m -> Stream.of(new Case(m, false), new Case(m, true)));
    }

    /** Models built in both precisions from one set of weights. */
    static Stream<Case> twoPrecisions() {
        return models().filter(c -> c.model().inPrecision() != null);
    }

    /** Group averages: the models that promise invariance. */
    static Stream<Case> symmetrized() {
        return models().filter(Case::symmetrized);
    }

    /** Models that train by themselves (a group average is trained through its base). */
    static Stream<Case> trainable() {
        return models().filter(c -> !c.symmetrized());
    }

    /** Autoregressive spin models, which regenerate tails. */
    static Stream<Case> autoregressive() {
        return models().filter(c -> !c.symmetrized() && c.model().create(2, 1) instanceof AutoregressiveModel);
    }

    /** Largest |ln q| mismatch allowed, relative to max(1, |ln q|). */
    private static double tolerance(Model<?> m) {
        return m.float32() ? 1e-7 : 1e-9;
    }

    private static int dimension(Kind<?> kind) {
        return kind == Models.SPINS ? SPIN_SITES : REAL_DIMENSION;
    }

    @SuppressWarnings("unchecked")
    private static <B, C> GenerativeModel<B> maybeSymmetrized(Kind<B> kind, GenerativeModel<B> base,
                                                              boolean symmetrized) {
        if (!symmetrized) {
            return base;
        }
        BatchView<C, B> view = (BatchView<C, B>) kind.view();
        C prototype = (C) kind.view().allocate(1, base.dimension());
        return new SymmetrizedModel<>(base, (SymmetryGroup<C>) kind.signFlip(), view, prototype);
    }

    private static <B> double[] logq(GenerativeModel<B> q, B xs, int n) {
        double[] logq = new double[n];
        q.logDensity(xs, n, logq);
        return logq;
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length);
        double worst = 0;
        int at = -1;
        for (int k = 0; k < expected.length; k++) {
            double error = Math.abs(expected[k] - actual[k]) / Math.max(1, Math.abs(expected[k]));
            if (!(error <= worst)) {
                worst = error;
                at = k;
            }
        }
        assertTrue(worst <= tolerance, what + ": relative ln q error " + worst + " at " + at + " (ln q "
                + (at < 0 ? "" : expected[at] + " vs " + actual[at]) + "), tolerance " + tolerance);
    }

    /** Configurations that do not come from the model: a batch of the skewed training data drawn afresh. */
    private static <B> B probes(Kind<B> kind, int d, int n, long seed) {
        return kind.data().draw(d, n, new SplittableRandom(seed));
    }

    // sampled ln q --------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void sampledLogDensityEqualsEvaluated(Case c) {
        sampledLogDensityEqualsEvaluated(c.model(), c.symmetrized());
    }

    private static <B> void sampledLogDensityEqualsEvaluated(Model<B> m, boolean symmetrized) {
        int d = dimension(m.kind());
        int n = 300;
        B fixed = probes(m.kind(), d, n, 7);
        double[] untrained = logq(m.create(d, 3), fixed, n);
        double[] trainedLogq = logq(m.trained(d, 3), fixed, n);
        double moved = 0;
        for (int k = 0; k < n; k++) {
            moved = Math.max(moved, Math.abs(trainedLogq[k] - untrained[k]));
        }
        assertTrue(moved > 1, "training must move the model far from its start for the checks to mean something: "
                + "largest change of ln q " + moved);
        for (boolean trained : new boolean[] {false, true}) {
            GenerativeModel<B> q = maybeSymmetrized(m.kind(), trained ? m.trained(d, 3) : m.create(d, 3), symmetrized);
            B xs = m.kind().view().allocate(n, d);
            double[] sampled = new double[n];
            q.sample(n, new SplittableRandom(5), xs, sampled);
            assertTrue(Arrays.stream(sampled).allMatch(Double::isFinite), "finite ln q");
            assertClose(logq(q, xs, n), sampled, tolerance(m), (trained ? "trained" : "untrained")
                    + ": ln q from sample() vs logDensity()");
        }
    }

    // normalization -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void normalized(Case c) {
        if (c.model().kind() == Models.SPINS) {
            spinsSumToOne(cast(c.model()), c.symmetrized());
        } else {
            flowIntegratesToOne(castReal(c.model()), c.symmetrized());
        }
    }

    @SuppressWarnings("unchecked")
    private static Model<byte[]> cast(Model<?> m) {
        return (Model<byte[]>) m;
    }

    @SuppressWarnings("unchecked")
    private static Model<double[]> castReal(Model<?> m) {
        return (Model<double[]>) m;
    }

    /** Σ q over all 2^9 configurations is 1, for an untrained model and one trained far from uniform. */
    private static void spinsSumToOne(Model<byte[]> m, boolean symmetrized) {
        int d = SPIN_SITES;
        byte[] all = Enumeration.all(d);
        for (boolean trained : new boolean[] {false, true}) {
            TrainableModel<byte[]> model = trained ? m.trained(d, 7) : m.create(d, 7);
            GenerativeModel<byte[]> q = maybeSymmetrized(m.kind(), model, symmetrized);
            double[] logq = logq(q, all, 1 << d);
            double sum = Arrays.stream(logq).map(Math::exp).sum();
            assertEquals(1.0, sum, 1e-12, (trained ? "trained" : "untrained") + ": Σ q over all configurations");
            if (trained) {
                double spread = Arrays.stream(logq).max().getAsDouble() - Arrays.stream(logq).min().getAsDouble();
                assertTrue(spread > 3, "the trained model must be far from uniform for the sum to mean something: "
                        + spread);
            }
        }
    }

    /**
     * ∫ q over a 2D grid (midpoint rule on the square {@link #gridHalfWidth} gives, with spacings h
     * and 2h: their difference bounds the grid error; h halves from half/240 until it is below 1e-4,
     * as the kinks of trained splines need), and E_p[q / p] = 1 in dimension 5 by importance
     * sampling from a Gaussian p wider than q.
     */
    private static void flowIntegratesToOne(Model<double[]> m, boolean symmetrized) {
        for (boolean trained : new boolean[] {false, true}) {
            TrainableModel<double[]> model = trained ? m.trained(2, 11) : m.create(2, 11);
            GenerativeModel<double[]> q = maybeSymmetrized(m.kind(), model, symmetrized);
            double half = gridHalfWidth(q);
            int cells = 480;
            double coarse = gridIntegral(q, half, cells / 2);
            double fine = gridIntegral(q, half, cells);
            while (Math.abs(fine - coarse) >= 1e-4 && cells < 3840) {
                cells *= 2;
                coarse = fine;
                fine = gridIntegral(q, half, cells);
            }
            double gridError = Math.abs(fine - coarse);
            assertTrue(gridError < 1e-4, "the grid on [−" + half + ", " + half + "]² must resolve q: integrals "
                    + fine + " and " + coarse);
            double tolerance = Math.max(1e-10, 10 * gridError);
            assertEquals(1.0, fine, tolerance, (trained ? "trained" : "untrained") + ": ∫ q over the 2D grid");

            GenerativeModel<double[]> q5 = maybeSymmetrized(m.kind(), trained ? m.trained(REAL_DIMENSION, 11)
                    : m.create(REAL_DIMENSION, 11), symmetrized);
            double[] moments = importanceNormalization(q5, 1.3, 40_000, 13);
            double stderr = moments[1];
            assertTrue(stderr < 0.02, (trained ? "trained" : "untrained")
                    + ": the importance estimate must be precise enough to mean something: ±" + stderr);
            assertEquals(1.0, moments[0], 5 * stderr, (trained ? "trained" : "untrained") + ": E_p[q/p] in dimension "
                    + REAL_DIMENSION + " (±" + stderr + ")");
        }
    }

    /**
     * Half the side of a square that holds q's mass: twice the largest |x_i| of 20 000 samples, at
     * least 6 (a square no larger than it must be keeps the grid fine where q lives).
     */
    private static double gridHalfWidth(GenerativeModel<double[]> q) {
        int n = 20_000;
        double[] xs = new double[n * q.dimension()];
        q.sample(n, new SplittableRandom(17), xs, new double[n]);
        double largest = Arrays.stream(xs).map(Math::abs).max().orElseThrow();
        return Math.max(6, Math.ceil(2 * largest));
    }

    /** Midpoint rule over [−half, half]², one grid row per batch. */
    private static double gridIntegral(GenerativeModel<double[]> q, double half, int cells) {
        double h = 2 * half / cells;
        double[] xs = new double[2 * cells];
        double total = 0;
        for (int i = 0; i < cells; i++) {
            for (int j = 0; j < cells; j++) {
                xs[2 * j] = -half + (i + 0.5) * h;
                xs[2 * j + 1] = -half + (j + 0.5) * h;
            }
            for (double lq : logq(q, xs, cells)) {
                total += Math.exp(lq);
            }
        }
        return total * h * h;
    }

    /**
     * Mean and standard error of q(x)/p(x), x ~ p = N(μ, inflation² Σ) with μ and Σ the mean and
     * covariance of samples of q: a Gaussian wider than q in every direction, so that the weights
     * have a small variance.
     */
    private static double[] importanceNormalization(GenerativeModel<double[]> q, double inflation, int n, long seed) {
        int d = q.dimension();
        SplittableRandom rng = new SplittableRandom(seed);
        int m = 20_000;
        double[] ys = new double[m * d];
        q.sample(m, rng, ys, new double[m]);
        double[] mu = new double[d];
        double[] cov = new double[d * d];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < d; i++) {
                mu[i] += ys[k * d + i] / m;
            }
        }
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov[i * d + j] += inflation * inflation * (ys[k * d + i] - mu[i]) * (ys[k * d + j] - mu[j]) / m;
                }
            }
        }
        double[] l = new double[d * d]; // Cholesky factor, cov = L Lᵀ
        double logDet = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = cov[i * d + j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i * d + k] * l[j * d + k];
                }
                l[i * d + j] = i == j ? Math.sqrt(sum) : sum / l[j * d + j];
            }
            logDet += 2 * Math.log(l[i * d + i]);
        }
        double[] xs = new double[n * d];
        double[] logp = new double[n];
        double[] z = new double[d];
        for (int k = 0; k < n; k++) {
            double sq = 0;
            for (int i = 0; i < d; i++) {
                z[i] = rng.nextGaussian();
                sq += z[i] * z[i];
                double x = mu[i];
                for (int j = 0; j <= i; j++) {
                    x += l[i * d + j] * z[j];
                }
                xs[k * d + i] = x;
            }
            logp[k] = -0.5 * sq - 0.5 * logDet - 0.5 * d * Math.log(2 * Math.PI);
        }
        double[] logq = logq(q, xs, n);
        double sum = 0;
        double sumSq = 0;
        for (int k = 0; k < n; k++) {
            double w = Math.exp(logq[k] - logp[k]);
            sum += w;
            sumSq += w * w;
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt((sumSq / n - mean * mean) / (n - 1))};
    }

    // sample frequencies --------------------------------------------------------------------------

    /**
     * Sampling draws from q and not only reports its ln q: a χ² test of sample counts against q,
     * over all 2^6 spin configurations or over 8 cells of the plane (q integrated on the grid).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void sampleFrequenciesFollowQ(Case c) {
        if (c.model().kind() == Models.SPINS) {
            Model<byte[]> m = cast(c.model());
            int d = 6;
            GenerativeModel<byte[]> q = maybeSymmetrized(m.kind(), m.trained(d, 61), c.symmetrized());
            double[] probability = Arrays.stream(logq(q, Enumeration.all(d), 1 << d)).map(Math::exp).toArray();
            int n = 40_000;
            byte[] xs = new byte[n * d];
            q.sample(n, new SplittableRandom(67), xs, new double[n]);
            long[] counts = new long[1 << d];
            for (int k = 0; k < n; k++) {
                counts[Enumeration.index(xs, k * d, d)]++;
            }
            assertChiSquare(counts, probability, n);
        } else {
            Model<double[]> m = castReal(c.model());
            GenerativeModel<double[]> q = maybeSymmetrized(m.kind(), m.trained(2, 71), c.symmetrized());
            int cells = 480;
            double half = 12;
            double h = 2 * half / cells;
            double[] grid = new double[2 * cells * cells];
            for (int i = 0; i < cells; i++) {
                for (int j = 0; j < cells; j++) {
                    grid[2 * (i * cells + j)] = -half + (i + 0.5) * h;
                    grid[2 * (i * cells + j) + 1] = -half + (j + 0.5) * h;
                }
            }
            double[] logq = logq(q, grid, cells * cells);
            double[] probability = new double[8];
            for (int k = 0; k < logq.length; k++) {
                probability[bin(grid[2 * k], grid[2 * k + 1])] += Math.exp(logq[k]) * h * h;
            }
            int n = 40_000;
            double[] xs = new double[2 * n];
            q.sample(n, new SplittableRandom(73), xs, new double[n]);
            long[] counts = new long[8];
            for (int k = 0; k < n; k++) {
                counts[bin(xs[2 * k], xs[2 * k + 1])]++;
            }
            assertChiSquare(counts, probability, n);
        }
    }

    /** Cells x_0 < -1, [-1, 0), [0, 1), ≥ 1 times x_1 below or above 0.2 (edges of the grid cells). */
    private static int bin(double x0, double x1) {
        int column = x0 < -1 ? 0 : x0 < 0 ? 1 : x0 < 1 ? 2 : 3;
        return 2 * column + (x1 < 0.2 ? 0 : 1);
    }

    private static void assertChiSquare(long[] counts, double[] probability, int n) {
        double chi2 = 0;
        int df = -1;
        for (int c = 0; c < counts.length; c++) {
            double expected = n * probability[c];
            if (expected > 0) {
                chi2 += (counts[c] - expected) * (counts[c] - expected) / expected;
                df++;
            }
        }
        // χ² with df degrees of freedom: mean df, sd √(2 df); 5 sd is far out in the tail
        assertTrue(chi2 < df + 5 * Math.sqrt(2.0 * df), "sample counts vs q: chi2 = " + chi2 + " for df = " + df
                + ", counts " + Arrays.toString(counts));
    }

    // save and load -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void saveAndLoadRoundTripExactly(Case c, @TempDir Path dir) {
        roundTrip(c.model(), c.symmetrized(), dir);
    }

    private static <B> void roundTrip(Model<B> m, boolean symmetrized, Path dir) {
        int d = dimension(m.kind());
        TrainableModel<B> model = m.trained(d, 17);
        model.save(dir);
        TrainableModel<B> loaded = m.loader().apply(dir);
        GenerativeModel<B> q = maybeSymmetrized(m.kind(), model, symmetrized);
        GenerativeModel<B> reloaded = maybeSymmetrized(m.kind(), loaded, symmetrized);
        int n = 40;
        B fixed = probes(m.kind(), d, n, 19);
        assertArrayEquals(logq(q, fixed, n), logq(reloaded, fixed, n), 0, "ln q of the reloaded model");
        B xs = m.kind().view().allocate(n, d);
        B ys = m.kind().view().allocate(n, d);
        double[] a = new double[n];
        double[] b = new double[n];
        q.sample(n, new SplittableRandom(23), xs, a);
        reloaded.sample(n, new SplittableRandom(23), ys, b);
        assertTrue(Objects.deepEquals(xs, ys), "the same seed draws the same samples from the reloaded model");
        assertArrayEquals(a, b, 0);
        // the optimizer state came back too: the next steps stay identical
        for (int step = 0; step < 2; step++) {
            assertEquals(model.maximumLikelihoodStep(fixed, n), loaded.maximumLikelihoodStep(fixed, n), 0,
                    "loss of training step " + step + " after reloading");
        }
        assertArrayEquals(logq(q, fixed, n), logq(reloaded, fixed, n), 0, "ln q after training both");
    }

    // float32 and float64 -------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("twoPrecisions")
    void float32AgreesWithFloat64(Case c) {
        precisions(c.model(), c.symmetrized());
    }

    private static <B> void precisions(Model<B> m, boolean symmetrized) {
        int d = dimension(m.kind());
        TrainableModel<B> model = m.trained(d, 29);
        TrainableModel<B> other = m.inPrecision().apply(model, !m.float32());
        TrainableModel<B> same = m.inPrecision().apply(model, m.float32());
        GenerativeModel<B> q = maybeSymmetrized(m.kind(), model, symmetrized);
        int n = 200;
        B xs = m.kind().view().allocate(n, d);
        q.sample(n, new SplittableRandom(31), xs, new double[n]);
        B fixed = probes(m.kind(), d, n, 37);
        B ys = m.kind().view().allocate(n, d);
        maybeSymmetrized(m.kind(), other, symmetrized).sample(n, new SplittableRandom(31), ys, new double[n]);
        if (xs instanceof double[] a && ys instanceof double[] b) {
            assertClose(a, b, 1e-4, "samples drawn with the same seed in the other precision");
        } else {
            assertTrue(Objects.deepEquals(xs, ys), "samples drawn with the same seed in the other precision");
        }
        for (B batch : java.util.List.of(xs, fixed)) {
            double[] reference = logq(q, batch, n);
            assertArrayEquals(reference, logq(maybeSymmetrized(m.kind(), same, symmetrized), batch, n), 0,
                    "a copy in the same precision");
            assertClose(reference, logq(maybeSymmetrized(m.kind(), other, symmetrized), batch, n), 1e-4,
                    "the same weights in " + (m.float32() ? "float64" : "float32"));
        }
    }

    // invariance ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("symmetrized")
    void symmetrizedModelIsInvariant(Case c) {
        invariance(c.model());
    }

    @SuppressWarnings("unchecked")
    private static <B, C> void invariance(Model<B> m) {
        int d = dimension(m.kind());
        TrainableModel<B> base = m.trained(d, 41);
        GenerativeModel<B> q = maybeSymmetrized(m.kind(), base, true);
        SymmetryGroup<C> group = (SymmetryGroup<C>) m.kind().signFlip();
        BatchView<C, B> view = (BatchView<C, B>) m.kind().view();
        int n = 100;
        B xs = view.allocate(n, d);
        q.sample(n, new SplittableRandom(43), xs, new double[n]);
        B fixed = probes(m.kind(), d, n, 47);
        double maxBaseAsymmetry = 0;
        for (B batch : java.util.List.of(xs, fixed)) {
            double[] reference = logq(q, batch, n);
            double[] baseReference = logq(base, batch, n);
            for (int g = 1; g < group.order(); g++) {
                B images = view.allocate(n, d);
                C x = (C) view.allocate(1, d);
                C gx = (C) view.allocate(1, d);
                for (int k = 0; k < n; k++) {
                    group.element(g).apply(view.get(batch, k, x), gx);
                    view.put(images, k, gx);
                }
                assertClose(reference, logq(q, images, n), m.float32() ? 1e-6 : 1e-12,
                        "ln q at the images under " + group.element(g).name());
                double[] baseImages = logq(base, images, n);
                for (int k = 0; k < n; k++) {
                    maxBaseAsymmetry = Math.max(maxBaseAsymmetry, Math.abs(baseImages[k] - baseReference[k]));
                }
            }
        }
        assertTrue(maxBaseAsymmetry > 0.5, "the base model must not be invariant already: " + maxBaseAsymmetry);
    }

    // training ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainable")
    void maximumLikelihoodStepLowersNegativeLogDensity(Case c) {
        trainingStep(c.model());
    }

    private static <B> void trainingStep(Model<B> m) {
        int d = dimension(m.kind());
        int n = 64;
        B batch = probes(m.kind(), d, n, 53);
        for (boolean trained : new boolean[] {false, true}) {
            TrainableModel<B> model = trained ? m.trained(d, 59) : m.create(d, 59);
            double before = -Arrays.stream(logq(model, batch, n)).average().getAsDouble();
            double reported = model.maximumLikelihoodStep(batch, n);
            double after = -Arrays.stream(logq(model, batch, n)).average().getAsDouble();
            String state = trained ? "trained" : "untrained";
            assertEquals(before, reported, tolerance(m) * Math.max(1, Math.abs(before)),
                    state + ": the step reports the mean -ln q before it");
            assertTrue(after < before, state + ": mean -ln q on the batch went from " + before + " to " + after);
        }
    }

    // autoregressive models -----------------------------------------------------------------------

    /**
     * Regenerating the tail of a configuration from any site keeps its head and reports the new
     * configuration's full ln q; forward() evaluates the same ln q as logDensity().
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("autoregressive")
    void regeneratedTailsReportTheirLogDensity(Case c) {
        int d = SPIN_SITES;
        AutoregressiveModel model = (AutoregressiveModel) cast(c.model()).trained(d, 79);
        int n = 60;
        byte[] xs = new byte[n * d];
        model.sample(n, new SplittableRandom(83), xs, new double[n]);
        double[] forward = new double[n];
        model.forward(xs, n, forward);
        assertClose(logq(model, xs, n), forward, tolerance(c.model()), "ln q from forward() vs logDensity()");
        byte[] regenerated = xs.clone();
        int[] from = new int[n];
        SplittableRandom rng = new SplittableRandom(89);
        for (int k = 0; k < n; k++) {
            from[k] = rng.nextInt(d + 1);
        }
        double[] tail = new double[n];
        model.sampleTail(regenerated, n, from, rng, tail);
        assertClose(logq(model, regenerated, n), tail, tolerance(c.model()), "ln q from sampleTail() vs logDensity()");
        int[] order = model.siteOrder();
        int changed = 0;
        for (int k = 0; k < n; k++) {
            boolean tailChanged = false;
            for (int p = 0; p < d; p++) {
                int i = k * d + order[p];
                if (p < from[k]) {
                    assertEquals(xs[i], regenerated[i], "the head before position " + from[k] + " (site " + order[p] + ")");
                } else {
                    tailChanged |= xs[i] != regenerated[i];
                }
            }
            changed += tailChanged ? 1 : 0;
        }
        assertTrue(changed > n / 3, "tails must be regenerated: " + changed + " of " + n + " changed");
    }
}
