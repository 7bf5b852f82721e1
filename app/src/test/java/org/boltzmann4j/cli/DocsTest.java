package org.boltzmann4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.systems.Systems;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The documentation in docs/ cannot drift from the code: regenerate it when this test fails. */
class DocsTest {

    /** docs/ at the repository root; tests run in the module's directory. */
    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void registryPagesAreWhatTheRegistriesPrint() throws IOException {
        assertEquals(RegistryDocs.systems(Systems.all()), Files.readString(DOCS.resolve("systems.md")),
                "docs/systems.md is stale: ./b4j systems --markdown > docs/systems.md");
        assertEquals(RegistryDocs.samplers(Samplers.all()), Files.readString(DOCS.resolve("samplers.md")),
                "docs/samplers.md is stale: ./b4j samplers --markdown > docs/samplers.md");
    }

    @Test
    void everyCommandAndOptionIsDescribed() throws IOException {
        String cli = Files.readString(DOCS.resolve("cli.md"));
        CommandSpec root = new CommandLine(new Main()).getCommandSpec();
        for (CommandLine sub : root.subcommands().values()) {
            CommandSpec command = sub.getCommandSpec();
            if (command.name().equals("help")) {
                continue;
            }
            assertTrue(cli.contains("./b4j " + command.name()), "docs/cli.md does not show 'b4j " + command.name() + "'");
            for (OptionSpec option : command.options()) {
                String name = option.longestName();
                assertTrue(cli.contains(name), "docs/cli.md does not describe " + command.name() + " " + name);
            }
        }
    }
}
