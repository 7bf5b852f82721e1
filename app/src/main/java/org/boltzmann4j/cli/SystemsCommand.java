package org.boltzmann4j.cli;

import java.util.concurrent.Callable;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.system.SystemFactory;
import org.boltzmann4j.systems.Systems;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code b4j systems}: every system with its energy, parameters and observables. */
@Command(name = "systems", mixinStandardHelpOptions = true,
        description = "List every system: name, energy, parameters (defaults, allowed values, units), observables.")
final class SystemsCommand implements Callable<Integer> {

    @Mixin
    ClasspathOption classpath = new ClasspathOption();

    @Option(names = "--markdown", description = "print the list as Markdown (docs/systems.md is this output)")
    boolean markdown;

    @Override
    public Integer call() {
        try (ClasspathOption.Scope user = classpath.open()) {
            System.out.print(markdown ? RegistryDocs.systems(Systems.all()) : text());
            return 0;
        }
    }

    private static String text() {
        StringBuilder s = new StringBuilder();
        for (SystemFactory f : Systems.all()) {
            s.append(f.name()).append('\n');
            s.append("  U = ").append(f.energy()).append('\n');
            s.append("  parameters (--set KEY=VALUE):\n");
            appendParameters(s, f.parameters(), "");
            s.append("  observables:\n");
            f.observables().forEach(o -> s.append("    ").append(o).append('\n'));
            s.append('\n');
        }
        return s.toString();
    }

    static void appendParameters(StringBuilder s, Iterable<ParameterSpec> specs, String prefix) {
        for (ParameterSpec p : specs) {
            String unit = p.unit().isEmpty() ? "" : " [" + p.unit() + "]";
            s.append(String.format("    %-28s default %-10s allowed %-22s %s%s%n", prefix + p.name(), p.defaultValue(),
                    p.allowed(), p.description(), unit));
        }
    }
}
