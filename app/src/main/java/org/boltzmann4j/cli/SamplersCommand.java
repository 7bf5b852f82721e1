package org.boltzmann4j.cli;

import java.util.concurrent.Callable;

import org.boltzmann4j.sampler.SamplerFactory;
import org.boltzmann4j.sampler.Samplers;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code b4j samplers}: every sampler and its parameters. */
@Command(name = "samplers", mixinStandardHelpOptions = true,
        description = "List every sampler and its parameters (pass them as --set sampler.NAME=VALUE).")
final class SamplersCommand implements Callable<Integer> {

    @Option(names = "--markdown", description = "print the list as Markdown (docs/samplers.md is this output)")
    boolean markdown;

    @Override
    public Integer call() {
        if (markdown) {
            System.out.print(RegistryDocs.samplers(Samplers.all()));
            return 0;
        }
        StringBuilder s = new StringBuilder();
        for (SamplerFactory f : Samplers.all()) {
            s.append(f.name()).append(" - ").append(f.description()).append('\n');
            SystemsCommand.appendParameters(s, f.parameters(), "sampler.");
            s.append('\n');
        }
        System.out.print(s);
        return 0;
    }
}
