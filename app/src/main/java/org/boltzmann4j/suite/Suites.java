package org.boltzmann4j.suite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.boltzmann4j.core.B4jException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Finds a suite by built-in name or reads it from a YAML or JSON file. */
public final class Suites {

    /** Built-in suites, shipped as resources under {@code /suites}. */
    public static final List<String> BUILT_IN = List.of("quick", "phi4-chain", "ising");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Suites() {
    }

    public static SuiteDefinition load(String nameOrFile) {
        if (BUILT_IN.contains(nameOrFile)) {
            try (InputStream in = Suites.class.getResourceAsStream("/suites/" + nameOrFile + ".yaml")) {
                if (in == null) {
                    throw B4jException.failure("built-in suite %s is missing from the build", nameOrFile);
                }
                return SuiteDefinition.fromTree(YAML.readValue(in, Object.class), nameOrFile);
            } catch (IOException e) {
                throw B4jException.failure("cannot read built-in suite %s: %s", nameOrFile, e.getMessage());
            }
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw B4jException.badInput("suite '%s' is neither a built-in suite (%s) nor a readable file", nameOrFile,
                    String.join(", ", BUILT_IN));
        }
        try {
            // YAML is a superset of JSON, so one parser reads both.
            return SuiteDefinition.fromTree(YAML.readValue(file.toFile(), Object.class), file.toString());
        } catch (JacksonException e) {
            throw B4jException.badInput("suite file %s is malformed: %s", file, e.getOriginalMessage());
        } catch (IOException e) {
            throw B4jException.badInput("cannot read suite file %s: %s", file, e.getMessage());
        }
    }
}
