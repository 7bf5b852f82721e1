package org.boltzmann4j.model.flow;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.boltzmann4j.model.nn.NativeArray;

/**
 * RealNVP normalizing flow (Dinh, Sohl-Dickstein and Bengio 2017): x = f(z) with z drawn from a
 * base density and f a stack of affine coupling layers. Layer l keeps the sites of parity l mod 2
 * (even sites for l = 0) and moves the others, x_B → x_B e^s + t, with (s, t) from a tanh MLP
 * |A| → H → H → 2|B| of the kept sites and s = c tanh(raw / c). The last layer of every MLP starts
 * at zero, so a new flow is the identity. ln q(x) = ln p(z) − ln |det ∂f/∂z| is exact.
 *
 * <p>Trains by maximum likelihood on samples or by reverse KL from the energy alone. Layers are
 * fused kernels (see {@link Coupling}); batches are row-major n × d, the rest is {@link CouplingFlow}'s.
 * Not thread-safe.
 */
public final class RealNvp extends CouplingFlow {

    /** The file {@link #save} writes into its directory. */
    public static final String FILE = "realnvp.bin";
    private static final long MAGIC = 0x42344a524e565031L; // "B4JRNVP1"

    private final RealNvpConfig config;
    private final NativeArray weights;
    private final Coupling[] layers;
    private Coupling.Scratch scratch;

    private RealNvp(RealNvpConfig config, BaseDistribution base) {
        super("RealNVP", base, config.dimension(), parameterCount(config), config.couplings(), config.learningRate(),
                config.clipNorm());
        this.config = config;
        int h = config.hidden();
        int count = params.length;
        this.weights = NativeArray.allocate(count, config.float32());
        NativeArray weightGradients = NativeArray.allocate(count, config.float32());
        this.layers = new Coupling[config.couplings()];
        int offset = 0;
        for (int l = 0; l < layers.length; l++) {
            int[] cond = sites(d, l % 2);
            int[] trans = sites(d, 1 - l % 2);
            layers[l] = new Coupling(d, h, cond, trans, config.scaleBound(), params, gradient,
                    weights, weightGradients, offset);
            offset += Coupling.parameterCount(h, cond.length, trans.length);
        }
    }

    private static int parameterCount(RealNvpConfig config) {
        int d = config.dimension();
        int count = 0;
        for (int l = 0; l < config.couplings(); l++) {
            count += Coupling.parameterCount(config.hidden(), sites(d, l % 2).length, sites(d, 1 - l % 2).length);
        }
        return count;
    }

    private static int[] sites(int d, int parity) {
        int[] s = new int[(d + 1 - parity) / 2];
        for (int j = 0; j < s.length; j++) {
            s[j] = 2 * j + parity;
        }
        return s;
    }

    /** A new flow, the identity map, with hidden weights drawn from {@code seed}. */
    public static RealNvp create(RealNvpConfig config, BaseDistribution base, long seed) {
        RealNvp flow = new RealNvp(config, base);
        SplittableRandom rng = new SplittableRandom(seed);
        for (Coupling layer : flow.layers) {
            layer.initialize(rng);
        }
        flow.parametersChanged();
        return flow;
    }

    /**
     * This flow, its weights, base and optimizer state, with the network arithmetic in float32 (or
     * float64): the same density up to the rounding of the other precision.
     */
    public RealNvp withFloat32(boolean float32) {
        return copyStateTo(new RealNvp(config.withFloat32(float32), base));
    }

    public RealNvpConfig config() {
        return config;
    }

    @Override
    void layerForward(int l, double[] in, double[] out, int n, double[] logdet, boolean keep) {
        layers[l].forward(in, out, n, scratch, logdet, keep);
    }

    @Override
    void layerInverse(int l, double[] in, double[] out, int n, double[] logdet, boolean keep) {
        layers[l].inverse(in, out, n, scratch, logdet, keep);
    }

    @Override
    void layerBackpropForward(int l, double[] g, double[] in, int n, boolean inputGradient) {
        layers[l].backpropForward(g, in, n, inputGradient, scratch);
    }

    @Override
    void layerBackpropInverse(int l, double[] g, double[] out, int n, boolean inputGradient) {
        layers[l].backpropInverse(g, out, n, inputGradient, scratch);
    }

    @Override
    void growLayers(int n) {
        scratch = new Coupling.Scratch(n, config.hidden(), (d + 1) / 2, (d + 1) / 2, config.float32());
    }

    @Override
    void parametersChanged() {
        weights.write(params, 0, params.length);
    }

    @Override
    public void save(Path dir) {
        save(dir, FILE, MAGIC, out -> {
            out.writeInt(config.dimension());
            out.writeInt(config.hidden());
            out.writeInt(config.couplings());
            out.writeBoolean(config.float32());
            out.writeDouble(config.learningRate());
            out.writeDouble(config.clipNorm());
            out.writeDouble(config.scaleBound());
        });
    }

    /** Reads a flow written by {@link #save}, optimizer state included. */
    public static RealNvp load(Path dir) {
        return load(dir, FILE, MAGIC, "RealNVP", in -> {
            RealNvpConfig config = new RealNvpConfig(in.readInt(), in.readInt(), in.readInt(), in.readBoolean(),
                    in.readDouble(), in.readDouble(), in.readDouble());
            return new RealNvp(config, readBase(in, config.dimension()));
        });
    }
}
