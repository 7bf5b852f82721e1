package org.boltzmann4j.bench;

import java.util.List;
import java.util.Map;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.Metropolis;
import org.boltzmann4j.kernel.spin.IsingBenchmarks;
import org.boltzmann4j.model.autoregressive.AutoregressiveBenchmarks;
import org.boltzmann4j.model.autoregressive.AutoregressiveModel;
import org.boltzmann4j.model.flow.FlowBenchmarks;
import org.boltzmann4j.sampler.NeuralSpinSettings;
import org.boltzmann4j.system.SpinLattice;
import org.boltzmann4j.systems.Ising2d;
import org.boltzmann4j.systems.LennardJones;
import org.boltzmann4j.systems.Phi4Lattice;

/** The registry of {@code b4j bench} micro-benchmarks (names and parameters fixed by the contract). */
public final class MicroBenchmarks {

    private static final List<ParameterSpec> FLOW = List.of(
            ParameterSpec.integer("D", 100, 2, 1 << 16, "dimension"),
            ParameterSpec.integer("H", 128, 1, 1 << 14, "conditioner width"),
            ParameterSpec.integer("layers", 6, 1, 64, "affine coupling layers"),
            ParameterSpec.integer("batch", 256, 1, 1 << 16, "configurations per call"),
            ParameterSpec.choice("dtype", "float64", List.of("float64", "float32"), "network arithmetic"),
            ParameterSpec.integer("warmup", 20, 0, 100000, "untimed calls first"),
            ParameterSpec.integer("runs", 50, 1, 100000, "timed calls"));

    private static final List<ParameterSpec> LATTICE_FLOW = List.of(
            ParameterSpec.integer("L", 16, 2, 1024, "linear size of the L x L torus"),
            ParameterSpec.integer("hidden", 16, 1, 1024, "hidden channels of every 3x3 convolution"),
            ParameterSpec.integer("layers", 6, 1, 64, "checkerboard coupling layers"),
            ParameterSpec.integer("batch", 64, 1, 1 << 16, "configurations per call"),
            ParameterSpec.flag("z2", false, "sign-flip equivariant couplings (twice the conditioner work)"),
            ParameterSpec.integer("bins", 0, 0, 64, "0: affine couplings; K >= 2: rational-quadratic spline couplings "
                    + "with K bins on [-3, 3]"),
            ParameterSpec.choice("dtype", "float64", List.of("float64", "float32"), "network arithmetic"),
            ParameterSpec.integer("warmup", 5, 0, 100000, "untimed calls first"),
            ParameterSpec.integer("runs", 20, 1, 100000, "timed calls"));

    private static final List<ParameterSpec> ISING_SWEEPS = List.of(
            ParameterSpec.integer("L", 64, 2, 4096, "linear lattice size"),
            ParameterSpec.integer("sweeps", 1000, 1, 1 << 24, "sweeps per timed call"),
            ParameterSpec.integer("warmup", 5, 0, 100000, "untimed calls first"),
            ParameterSpec.integer("runs", 20, 1, 100000, "timed calls"));

    private static final List<ParameterSpec> AUTOREGRESSIVE = List.of(
            ParameterSpec.choice("model", "pixelcnn", List.of("made", "pixelcnn", "han"), "autoregressive model"),
            ParameterSpec.integer("L", 16, 2, 1024, "linear size of the L x L Ising torus"),
            ParameterSpec.integer("batch", 256, 1, 1 << 16, "configurations per call"),
            ParameterSpec.integer("hidden", 128, 1, 65536, "made, han: width of each hidden layer"),
            ParameterSpec.integer("layers", 1, 0, 2, "made, han: hidden layers"),
            ParameterSpec.integer("channels", 16, 1, 1024, "pixelcnn: channels of each masked convolution"),
            ParameterSpec.integer("depth", 3, 1, 64, "pixelcnn: masked convolution layers"),
            ParameterSpec.integer("radius", 2, 1, 64, "pixelcnn: kernel radius"),
            ParameterSpec.integer("warmup", 2, 0, 100000, "untimed calls first"),
            ParameterSpec.integer("runs", 5, 1, 100000, "timed calls"));

    private static final List<MicroBenchmark> ALL = List.of(
            new MicroBenchmark("flow-step",
                    "one maximum-likelihood training step (forward, backward, Adam) of the default RealNVP", FLOW,
                    p -> new MicroBenchmark.Timing(FlowBenchmarks.timeTrainingStep(flowFits(p).integer("D"),
                            p.integer("H"), p.integer("layers"), p.integer("batch"), float32(p), p.integer("warmup"),
                            p.integer("runs")), Map.of())),
            new MicroBenchmark("flow-sample", "sampling batch configurations with their exact log-density", FLOW,
                    p -> new MicroBenchmark.Timing(FlowBenchmarks.timeSampling(flowFits(p).integer("D"),
                            p.integer("H"), p.integer("layers"), p.integer("batch"), float32(p), p.integer("warmup"),
                            p.integer("runs")), Map.of())),
            new MicroBenchmark("lattice-flow-step",
                    "one reverse-KL training step (sampling, forward, U and its gradient, backward, Adam) of the "
                            + "convolutional flow towards phi4-lattice at m2=-4, lambda=8", LATTICE_FLOW,
                    p -> {
                        int L = latticeFlowFits(p).integer("L");
                        Phi4Lattice target = new Phi4Lattice(L, -4, 8);
                        return new MicroBenchmark.Timing(FlowBenchmarks.timeLatticeStep(L, p.integer("hidden"),
                                p.integer("layers"), p.integer("batch"), p.flag("z2"), p.integer("bins"), float32(p),
                                target::energiesAndGradients, p.integer("warmup"), p.integer("runs")), Map.of());
                    }),
            new MicroBenchmark("lattice-flow-sample",
                    "sampling batch L x L configurations of the convolutional flow with their exact log-density",
                    LATTICE_FLOW,
                    p -> new MicroBenchmark.Timing(FlowBenchmarks.timeLatticeSampling(latticeFlowFits(p).integer("L"),
                            p.integer("hidden"), p.integer("layers"), p.integer("batch"), p.flag("z2"), p.integer("bins"),
                            float32(p), p.integer("warmup"), p.integer("runs")), Map.of())),
            new MicroBenchmark("ar-sample",
                    "sampling batch L x L spin configurations of an autoregressive model with their exact ln q",
                    AUTOREGRESSIVE, p -> {
                        AutoregressiveModel model = autoregressive(p);
                        double[] ms = AutoregressiveBenchmarks.timeSampling(model, p.integer("batch"),
                                p.integer("warmup"), p.integer("runs"));
                        double median = new MicroBenchmark.Timing(ms, Map.of()).median();
                        return new MicroBenchmark.Timing(ms, Map.of("samples_per_s", p.integer("batch") / (1e-3 * median),
                                "parameters", model.parameterCount()));
                    }),
            new MicroBenchmark("ar-step",
                    "one reverse-KL training step (sampling, ln q of the sign-flip average, U, backward, Adam) of an "
                            + "autoregressive model towards the L x L Ising torus at beta_c", AUTOREGRESSIVE,
                    p -> {
                        Ising2d ising = new Ising2d(p.integer("L"), SpinLattice.SQUARE_BETA_CRITICAL, 1, 0);
                        return new MicroBenchmark.Timing(AutoregressiveBenchmarks.timeTrainingStep(autoregressive(p),
                                ising.symmetries().signFlipSubgroup(), ising::energies, p.integer("batch"),
                                p.integer("warmup"), p.integer("runs")), Map.of());
                    }),
            new MicroBenchmark("ising-metropolis",
                    "single-spin Metropolis sweeps of one L x L chain at beta_c (sequential sites)",
                    ISING_SWEEPS,
                    MicroBenchmarks::isingMetropolis),
            new MicroBenchmark("ising-multispin",
                    "multispin Metropolis sweeps of 64 L x L chains packed one per bit at beta_c (sequential sites)",
                    ISING_SWEEPS,
                    MicroBenchmarks::isingMultispin),
            new MicroBenchmark("lj-metropolis",
                    "single-particle Metropolis sweeps (n trial moves each) of one lj cluster (k=1, eps=rm=1)",
                    List.of(ParameterSpec.integer("n", 13, 2, 10000, "number of particles"),
                            ParameterSpec.integer("dim", 3, 2, 3, "spatial dimension"),
                            ParameterSpec.real("beta", 1, 1e-6, 1e6, "1/energy", "inverse temperature"),
                            ParameterSpec.integer("sweeps", 10000, 1, 1 << 24, "sweeps per timed call"),
                            ParameterSpec.integer("warmup", 3, 0, 100000, "untimed calls first"),
                            ParameterSpec.integer("runs", 10, 1, 100000, "timed calls")),
                    MicroBenchmarks::ljMetropolis));

    /** Values the flow benchmarks hold per model parameter (value, gradient, two Adam moments, slack). */
    private static final long VALUES_PER_PARAMETER = 5;
    /** Values per configuration and coupling layer held for the backward pass (input, hidden, outputs). */
    private static final long ACTIVATIONS_PER_LAYER = 4;

    private MicroBenchmarks() {
    }

    /**
     * Checks, in long arithmetic before anything is allocated, that a flow benchmark's arrays fit in a
     * Java array and its model and activations in half the heap; returns {@code p}.
     */
    static Parameters flowFits(Parameters p) {
        long d = p.integer("D");
        long h = p.integer("H");
        long layers = p.integer("layers");
        long batch = p.integer("batch");
        long parameters = layers * ((d / 2) * h + h * h + h * 2 * (d - d / 2) + 2 * h + 2 * d);
        long largest = Math.max(Math.max(batch * d, batch * h), Math.max(h * h, h * d));
        long bytes = (float32(p) ? Float.BYTES : Double.BYTES)
                * (parameters * VALUES_PER_PARAMETER + batch * layers * ACTIVATIONS_PER_LAYER * (d + h));
        long heap = Runtime.getRuntime().maxMemory();
        if (largest > Integer.MAX_VALUE - 8 || bytes > heap / 2) {
            throw B4jException.badInput("D=%d, H=%d, layers=%d, batch=%d need arrays of %,d values and about %.1f GiB,"
                            + " more than half the %.1f GiB heap; use smaller sizes", d, h, layers, batch, largest,
                    bytes / 1073741824.0, heap / 1073741824.0);
        }
        return p;
    }

    /**
     * Checks, before anything is allocated, that a lattice flow benchmark's activations (two hidden
     * fields of batch × L² × hidden values per layer, doubled with z2) fit in Java arrays and in half
     * the heap; returns {@code p}.
     */
    static Parameters latticeFlowFits(Parameters p) {
        long sites = (long) p.integer("L") * p.integer("L");
        long copies = p.flag("z2") ? 2 : 1;
        long field = copies * p.integer("batch") * sites * p.integer("hidden");
        long bytes = Double.BYTES * field * (2L * p.integer("layers") + 4);
        long heap = Runtime.getRuntime().maxMemory();
        if (field > Integer.MAX_VALUE - 8 || bytes > heap / 2) {
            throw B4jException.badInput("L=%d, hidden=%d, layers=%d, batch=%d need arrays of %,d values and about %.1f GiB,"
                            + " more than half the %.1f GiB heap; use smaller sizes", p.integer("L"), p.integer("hidden"),
                    p.integer("layers"), p.integer("batch"), field, bytes / 1073741824.0, heap / 1073741824.0);
        }
        return p;
    }

    private static MicroBenchmark.Timing isingMetropolis(Parameters p) {
        int L = p.integer("L");
        int sweeps = p.integer("sweeps");
        double[] ms = new double[p.integer("runs")];
        double[] wall = new double[ms.length];
        double[] cpu = new double[ms.length];
        for (int r = -p.integer("warmup"); r < ms.length; r++) {
            IsingBenchmarks.PerFlip t = IsingBenchmarks.metropolisSweeps(L, sweeps, 1 + r);
            if (r >= 0) {
                wall[r] = t.wallNs();
                cpu[r] = t.cpuNs();
                ms[r] = t.wallNs() * L * L * sweeps * 1e-6;
            }
        }
        return new MicroBenchmark.Timing(ms, Map.of("ns_per_flip", median(wall), "min_ns_per_flip", min(wall),
                "cpu_ns_per_flip", median(cpu)));
    }

    /** Times packed sweeps, then the same through byte[] chains (a tenth of the sweeps per call): ns_per_flip_chains. */
    private static MicroBenchmark.Timing isingMultispin(Parameters p) {
        int L = p.integer("L");
        int sweeps = p.integer("sweeps");
        double[] ms = new double[p.integer("runs")];
        double[] wall = new double[ms.length];
        double[] cpu = new double[ms.length];
        double[] chains = new double[ms.length];
        for (int r = -p.integer("warmup"); r < ms.length; r++) {
            IsingBenchmarks.PerFlip packed = IsingBenchmarks.multispinSweeps(L, sweeps, 1 + r, false);
            IsingBenchmarks.PerFlip whole = IsingBenchmarks.multispinSweeps(L, Math.max(1, sweeps / 10), 1 + r, true);
            if (r >= 0) {
                wall[r] = packed.wallNs();
                cpu[r] = packed.cpuNs();
                chains[r] = whole.wallNs();
                ms[r] = packed.wallNs() * L * L * 64 * sweeps * 1e-6;
            }
        }
        return new MicroBenchmark.Timing(ms, Map.of("ns_per_flip", median(wall), "min_ns_per_flip", min(wall),
                "cpu_ns_per_flip", median(cpu), "ns_per_flip_chains", median(chains), "replicas", 64));
    }

    /**
     * The model of an autoregressive benchmark, built as {@code nis} builds it (sampler defaults for
     * learning rate and clipping, the same memory check); refused before anything is allocated when
     * its parameters (MADE: d² + 2dH + H²) or training activations (PixelCNN: two sign-flip images per
     * sample, d · C per layer, d logits and spins) would not fit in half the heap.
     */
    private static AutoregressiveModel autoregressive(Parameters p) {
        int L = p.integer("L");
        long d = (long) L * L;
        long h = p.integer("hidden");
        String model = p.text("model");
        long values = model.equals("pixelcnn")
                ? 2L * p.integer("batch") * d * ((long) p.integer("channels") * p.integer("depth") + 2)
                : VALUES_PER_PARAMETER * (d * d + 2 * d * h + h * h) + 2L * p.integer("batch") * (d + h);
        long heap = Runtime.getRuntime().maxMemory();
        if (!model.equals("han") && values > heap / 2 / Double.BYTES) {
            throw B4jException.badInput("model=%s at L=%d with batch=%d needs about %.1f GiB, more than half the %.1f GiB"
                            + " heap; use a smaller L, batch or model", model, L, p.integer("batch"),
                    values * Double.BYTES / 1073741824.0, heap / 1073741824.0);
        }
        Ising2d ising = new Ising2d(L, SpinLattice.SQUARE_BETA_CRITICAL, 1, 0);
        return new NeuralSpinSettings(model, p.integer("hidden"), p.integer("layers"), p.integer("channels"),
                p.integer("depth"), p.integer("radius"), p.integer("batch"), 1e-3, 10, 0, false, 0, 1, null)
                .requireFits(ising).newModel(ising, 1);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double min(double[] xs) {
        return java.util.Arrays.stream(xs).min().orElseThrow();
    }

    private static MicroBenchmark.Timing ljMetropolis(Parameters p) {
        int n = p.integer("n");
        int dim = p.integer("dim");
        int sweeps = p.integer("sweeps");
        LennardJones lj = new LennardJones(Parameters.resolve(LennardJones.NAME, LennardJones.PARAMETERS,
                Map.of("n", String.valueOf(n), "dim", String.valueOf(dim), "beta", String.valueOf(p.real("beta")))));
        double[] x = lj.metastableStates().get(0).clone();
        double[] trial = new double[dim];
        double step = 0.1;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(42);
        double[] ms = new double[p.integer("runs")];
        double[] nsPerMove = new double[ms.length];
        double[] cpuPerMove = new double[ms.length];
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long accepted = 0;
        long moves = 0;
        for (int r = -p.integer("warmup"); r < ms.length; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int s = 0; s < sweeps; s++) {
                for (int m = 0; m < n; m++) {
                    int q = rng.nextInt(n);
                    for (int a = 0; a < dim; a++) {
                        trial[a] = x[q * dim + a] + step * (2 * rng.nextDouble() - 1);
                    }
                    double du = lj.particleEnergyChange(x, q, trial);
                    if (Metropolis.accepts(-du, rng)) {
                        System.arraycopy(trial, 0, x, q * dim, dim);
                        accepted++;
                    }
                    moves++;
                }
            }
            double elapsed = System.nanoTime() - t0;
            double cpu = threads.getCurrentThreadCpuTime() - c0;
            if (r >= 0) {
                ms[r] = elapsed * 1e-6;
                nsPerMove[r] = elapsed / ((double) sweeps * n);
                cpuPerMove[r] = cpu / ((double) sweeps * n);
            }
        }
        return new MicroBenchmark.Timing(ms, Map.of("ns_per_move", median(nsPerMove), "min_ns_per_move", min(nsPerMove),
                "cpu_ns_per_move", median(cpuPerMove), "acceptance", (double) accepted / moves,
                "final_energy", lj.energy(x)));
    }

    private static boolean float32(Parameters p) {
        return p.text("dtype").equals("float32");
    }

    public static List<MicroBenchmark> all() {
        return ALL;
    }

    public static MicroBenchmark byName(String name) {
        return ALL.stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> B4jException.badInput("unknown benchmark '%s'; known benchmarks: %s", name,
                        String.join(", ", ALL.stream().map(MicroBenchmark::name).toList())));
    }
}
