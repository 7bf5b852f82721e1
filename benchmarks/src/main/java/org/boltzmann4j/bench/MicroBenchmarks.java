package org.boltzmann4j.bench;

import java.util.List;
import java.util.Map;

import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.model.flow.FlowBenchmarks;

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

    private static final List<MicroBenchmark> ALL = List.of(
            new MicroBenchmark("flow-step",
                    "one maximum-likelihood training step (forward, backward, Adam) of the default RealNVP", FLOW,
                    p -> new MicroBenchmark.Timing(FlowBenchmarks.timeTrainingStep(p.integer("D"), p.integer("H"),
                            p.integer("layers"), p.integer("batch"), float32(p), p.integer("warmup"), p.integer("runs")),
                            Map.of())),
            new MicroBenchmark("flow-sample", "sampling batch configurations with their exact log-density", FLOW,
                    p -> new MicroBenchmark.Timing(FlowBenchmarks.timeSampling(p.integer("D"), p.integer("H"),
                            p.integer("layers"), p.integer("batch"), float32(p), p.integer("warmup"), p.integer("runs")),
                            Map.of())));

    private MicroBenchmarks() {
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
