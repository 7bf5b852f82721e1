package org.boltzmann4j.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.boltzmann4j.model.BatchView;
import org.boltzmann4j.model.TrainableModel;
import org.boltzmann4j.model.autoregressive.Han;
import org.boltzmann4j.model.autoregressive.Made;
import org.boltzmann4j.model.autoregressive.PixelCnn;
import org.boltzmann4j.model.flow.ConvFlow;
import org.boltzmann4j.model.flow.ConvFlowConfig;
import org.boltzmann4j.model.flow.GaussianPrecision;
import org.boltzmann4j.model.flow.RealNvp;
import org.boltzmann4j.model.flow.RealNvpConfig;
import org.boltzmann4j.model.flow.StandardNormal;
import org.boltzmann4j.system.Symmetries;
import org.boltzmann4j.system.Symmetry;
import org.boltzmann4j.system.SymmetryGroup;

/**
 * Every generative model of the framework, small, for tests: the list {@code ModelContractTest}
 * runs its contract over. A new model (or a new precision or base of one) is checked by adding one
 * line to {@link #all()}.
 */
public final class Models {

    private Models() {
    }

    /** Builds an untrained model of the given dimension from a seed. */
    @FunctionalInterface
    public interface Builder<B> {
        TrainableModel<B> create(int dimension, long seed);
    }

    /**
     * One model under test.
     *
     * @param name        as the tests print it
     * @param kind        its configuration type
     * @param float32     whether its network arithmetic runs in float32
     * @param builder     an untrained model of a dimension
     * @param loader      reloads what {@link TrainableModel#save} wrote
     * @param inPrecision the same weights with float32 set as asked; null where the model has one precision only
     */
    public record Model<B>(String name, Kind<B> kind, boolean float32, Builder<B> builder,
                           Function<Path, TrainableModel<B>> loader,
                           BiFunction<TrainableModel<B>, Boolean, TrainableModel<B>> inPrecision) {

        /** An untrained model. */
        public TrainableModel<B> create(int dimension, long seed) {
            return builder.create(dimension, seed);
        }

        /** A model pushed far from its initial state by a few large maximum-likelihood steps on skewed data. */
        public TrainableModel<B> trained(int dimension, long seed) {
            TrainableModel<B> model = create(dimension, seed);
            kind.train(model, seed);
            return model;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A configuration type: how its batches are viewed, the skewed data models are trained on
     * (batch configurations, steps), and the global sign flip as a two-element group.
     */
    public record Kind<B>(String name, BatchView<?, B> view, int batch, int steps, Data<B> data,
                          SymmetryGroup<?> signFlip) {

        /** {@link #steps} maximum-likelihood steps on one batch of {@link #data} drawn from seed + 1. */
        public void train(TrainableModel<B> model, long seed) {
            B xs = data.draw(model.dimension(), batch, new SplittableRandom(seed + 1));
            for (int step = 0; step < steps; step++) {
                model.maximumLikelihoodStep(xs, batch);
            }
        }
    }

    /** n configurations of dimension d. */
    @FunctionalInterface
    public interface Data<B> {
        B draw(int d, int n, SplittableRandom rng);
    }

    public static final Kind<byte[]> SPINS = new Kind<>("spins", BatchView.SPIN, 64, 15, Models::skewedSpins,
            new SymmetryGroup<>(List.of(
                    Symmetry.<byte[]>of(SymmetryGroup.IDENTITY,
                            (in, out) -> System.arraycopy(in, 0, out, 0, in.length)),
                    Symmetry.<byte[]>of(SymmetryGroup.SIGN_FLIP, (in, out) -> {
                        for (int i = 0; i < in.length; i++) {
                            out[i] = (byte) -in[i];
                        }
                    })), true));

    public static final Kind<double[]> REALS = new Kind<>("reals", BatchView.REAL, 128, 40, Models::skewedReals,
            new SymmetryGroup<>(List.of(Symmetries.identity(),
                    Symmetries.signFlip()), true));

    /** Every model, once per precision (and base) it offers: add a line here and ModelContractTest checks it. */
    public static List<Model<?>> all() {
        return List.of(
                new Model<>("made", SPINS, false, (d, seed) -> made(d, 1, seed), Made::load, null),
                new Model<>("made-linear", SPINS, false, (d, seed) -> made(d, 0, seed), Made::load, null),
                new Model<>("made-deep", SPINS, false, (d, seed) -> made(d, 2, seed), Made::load, null),
                new Model<>("pixelcnn", SPINS, false, Models::pixelCnn, PixelCnn::load, null),
                new Model<>("han", SPINS, false, Models::han, Han::load, null),
                new Model<>("realnvp", REALS, false, (d, seed) -> realNvp(d, false, true, seed), RealNvp::load,
                        Models::realNvpInPrecision),
                new Model<>("realnvp-float32", REALS, true, (d, seed) -> realNvp(d, true, true, seed), RealNvp::load,
                        Models::realNvpInPrecision),
                new Model<>("realnvp-normal-base", REALS, false, (d, seed) -> realNvp(d, false, false, seed),
                        RealNvp::load, Models::realNvpInPrecision),
                new Model<>("convflow", REALS, false, (d, seed) -> convFlow(d, false, seed), ConvFlow::load,
                        Models::convFlowInPrecision),
                new Model<>("convflow-z2", REALS, false, (d, seed) -> convFlow(d, true, seed), ConvFlow::load,
                        Models::convFlowInPrecision),
                // z2 splines: ConvFlowTest (the contract's grid integrals of a trained spline flow take ~5 s each)
                new Model<>("convflow-spline", REALS, false, (d, seed) -> convFlow(d, false, 4, seed), ConvFlow::load,
                        Models::convFlowInPrecision));
    }

    private static Made made(int sites, int layers, long seed) {
        return new Made(sites, 12, layers, 0.2, Double.POSITIVE_INFINITY, seed);
    }

    /** rows × cols with rows the largest divisor of the dimension at most its square root. */
    private static PixelCnn pixelCnn(int sites, long seed) {
        int rows = (int) Math.sqrt(sites);
        while (sites % rows != 0) {
            rows--;
        }
        return new PixelCnn(rows, sites / rows, 4, 3, 1, 0.2, Double.POSITIVE_INFINITY, seed);
    }

    /** Width 8, one hidden layer, on the sites as a rows × cols torus (rows as for the PixelCNN). */
    private static Han han(int sites, long seed) {
        int rows = (int) Math.sqrt(sites);
        while (sites % rows != 0) {
            rows--;
        }
        return new Han(rows, sites / rows, 8, 1, 0.2, Double.POSITIVE_INFINITY, seed);
    }

    /** A HAN (width 8, one hidden layer) on a rows × cols torus, skewed the same way. */
    public static Han skewedHan(int rows, int cols, int layers, long seed) {
        Han model = new Han(rows, cols, 8, layers, 0.2, Double.POSITIVE_INFINITY, seed);
        SPINS.train(model, seed);
        return model;
    }

    /** H = 8, 4 couplings, learning rate 0.05, scale bound 2, on a correlated Gaussian base (or N(0, I)). */
    private static RealNvp realNvp(int d, boolean float32, boolean gaussianBase, long seed) {
        RealNvpConfig config = new RealNvpConfig(d, 8, 4, float32, 0.05, 10, 2);
        return RealNvp.create(config, gaussianBase ? correlatedBase(d) : new StandardNormal(d), seed);
    }

    /**
     * 4 channels, 4 couplings, learning rate 0.05, scale bound 2, on the d sites as a rows × cols torus
     * (rows the largest divisor of d at most its square root), on a correlated Gaussian base (not
     * symmetric about 0, so that q is not sign-flip invariant even with z2 couplings).
     */
    private static ConvFlow convFlow(int d, boolean z2, long seed) {
        return convFlow(d, z2, 0, seed);
    }

    /** The same with spline couplings of {@code bins} bins on [−2, 2] (0: affine), learning rate 0.003 (0.05 trains razor-thin bins). */
    private static ConvFlow convFlow(int d, boolean z2, int bins, long seed) {
        int rows = (int) Math.sqrt(d);
        while (d % rows != 0) {
            rows--;
        }
        ConvFlowConfig config = new ConvFlowConfig(rows, d / rows, 4, 4, z2, false, bins > 0 ? 0.003 : 0.05, 10, 2, bins, 2);
        return ConvFlow.create(config, correlatedBase(d), seed);
    }

    /** A Gaussian with mean 0.3 (i mod 3) − 0.2 and a tridiagonal precision (1.5, 0.4). */
    private static GaussianPrecision correlatedBase(int d) {
        double[] mean = new double[d];
        double[] precision = new double[d * d];
        for (int i = 0; i < d; i++) {
            mean[i] = 0.3 * (i % 3) - 0.2;
            precision[i * d + i] = 1.5;
            if (i + 1 < d) {
                precision[i * d + i + 1] = 0.4;
                precision[(i + 1) * d + i] = 0.4;
            }
        }
        return new GaussianPrecision(mean, precision);
    }

    private static TrainableModel<double[]> convFlowInPrecision(TrainableModel<double[]> model, boolean float32) {
        return ((ConvFlow) model).withFloat32(float32);
    }

    private static TrainableModel<double[]> realNvpInPrecision(TrainableModel<double[]> model, boolean float32) {
        return ((RealNvp) model).withFloat32(float32);
    }

    /**
     * A MADE (width 12) pushed far from uniform by a few large maximum-likelihood steps on skewed
     * data, so that tests of normalization and exactness cannot pass by uniformity.
     */
    public static Made skewedMade(int sites, int layers, long seed) {
        Made made = made(sites, layers, seed);
        SPINS.train(made, seed);
        return made;
    }

    /** A 3-layer PixelCNN (radius 1, 4 channels) skewed the same way. */
    public static PixelCnn skewedPixelCnn(int rows, int cols, long seed) {
        PixelCnn model = new PixelCnn(rows, cols, 4, 3, 1, 0.2, Double.POSITIVE_INFINITY, seed);
        SPINS.train(model, seed);
        return model;
    }

    /**
     * An asymmetric, non-Gaussian two-bump mixture: x_0 = ±1.5 (70 : 30) plus noise, the other
     * coordinates tied to x_0 and x_0², plus noise.
     */
    public static double[] skewedReals(int d, int n, SplittableRandom rng) {
        double[] xs = new double[n * d];
        for (int k = 0; k < n; k++) {
            double x0 = (rng.nextDouble() < 0.7 ? 1.5 : -1.5) + 0.4 * rng.nextGaussian();
            xs[k * d] = x0;
            for (int i = 1; i < d; i++) {
                xs[k * d + i] = 0.5 * x0 * x0 - 1 + 0.3 * i * x0 + 0.5 * rng.nextGaussian();
            }
        }
        return xs;
    }

    /** 70 % mostly up and 30 % mostly down (each spin agrees with the majority with probability 0.85). */
    public static byte[] skewedSpins(int d, int n, SplittableRandom rng) {
        byte[] xs = new byte[n * d];
        for (int k = 0; k < n; k++) {
            boolean up = rng.nextDouble() < 0.7;
            for (int i = 0; i < d; i++) {
                xs[k * d + i] = (byte) ((rng.nextDouble() < 0.85) == up ? 1 : -1);
            }
        }
        return xs;
    }
}
