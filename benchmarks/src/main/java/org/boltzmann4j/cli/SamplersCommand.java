package org.boltzmann4j.cli;

import java.util.concurrent.Callable;

import org.boltzmann4j.sampler.SamplerFactory;
import org.boltzmann4j.sampler.Samplers;

import picocli.CommandLine.Command;

/** {@code b4j samplers}: every sampler and its parameters. */
@Command(name = "samplers", mixinStandardHelpOptions = true,
        description = "List every sampler and its parameters (pass them as --set sampler.NAME=VALUE).")
final class SamplersCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (SamplerFactory f : Samplers.all()) {
            System.out.println(f.name() + " - " + f.description());
            SystemsCommand.printParameters(f.parameters(), "sampler.");
            System.out.println();
        }
        return 0;
    }
}
