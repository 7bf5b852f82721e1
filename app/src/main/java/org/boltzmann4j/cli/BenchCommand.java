package org.boltzmann4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.boltzmann4j.bench.MicroBenchmark;
import org.boltzmann4j.bench.MicroBenchmarks;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.core.Parameters;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code b4j bench NAME [--set KEY=VALUE]...}: a micro-benchmark; the last line is one JSON object. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a micro-benchmark (flow-step, flow-sample, ising-metropolis); prints one JSON line last.")
final class BenchCommand implements Callable<Integer> {

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "NAME", description = "benchmark name")
    String name;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "benchmark parameter; repeatable")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        MicroBenchmark bench = MicroBenchmarks.byName(name);
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw B4jException.badInput("--set %s is not KEY=VALUE", s);
            }
            overrides.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        Parameters p = Parameters.resolve("benchmark " + name, bench.parameters(), overrides);
        MicroBenchmark.Timing t = bench.run().apply(p);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", name);
        line.put("params", p.asMap());
        line.put("median_ms", t.median());
        line.put("min_ms", t.min());
        line.put("runs", t.callMillis().length);
        line.putAll(t.extra());
        System.out.println(new ObjectMapper().writeValueAsString(line));
        return 0;
    }
}
