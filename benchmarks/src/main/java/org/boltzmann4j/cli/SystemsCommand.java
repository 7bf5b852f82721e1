package org.boltzmann4j.cli;

import java.util.concurrent.Callable;

import org.boltzmann4j.core.ParameterSpec;
import org.boltzmann4j.systems.SystemFactory;
import org.boltzmann4j.systems.Systems;

import picocli.CommandLine.Command;

/** {@code b4j systems}: every system with its energy, parameters and observables. */
@Command(name = "systems", mixinStandardHelpOptions = true,
        description = "List every system: name, energy, parameters (defaults, allowed values, units), observables.")
final class SystemsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (SystemFactory f : Systems.all()) {
            System.out.println(f.name());
            System.out.println("  U = " + f.energy());
            System.out.println("  parameters (--set KEY=VALUE):");
            printParameters(f.parameters(), "");
            System.out.println("  observables:");
            f.observables().forEach(o -> System.out.println("    " + o));
            System.out.println();
        }
        return 0;
    }

    static void printParameters(Iterable<ParameterSpec> specs, String prefix) {
        for (ParameterSpec p : specs) {
            String unit = p.unit().isEmpty() ? "" : " [" + p.unit() + "]";
            System.out.printf("    %-28s default %-10s allowed %-22s %s%s%n", prefix + p.name(), p.defaultValue(),
                    p.allowed(), p.description(), unit);
        }
    }
}
