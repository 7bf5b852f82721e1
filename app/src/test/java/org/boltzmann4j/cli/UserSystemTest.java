package org.boltzmann4j.cli;

import static org.boltzmann4j.cli.CommandLineContractTest.assertBadInput;
import static org.boltzmann4j.cli.CommandLineContractTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A user's own system, compiled here into a jar of its own, runs through {@code b4j run --classpath}
 * without any change to the project, and its exact reference reaches results.json.
 */
class UserSystemTest {

    /** U = x²/(2σ²) + 4(y²-1)² in 2D: ⟨x²⟩ = σ² exactly, ln Z known in x only, so just ⟨x²⟩ is declared. */
    private static final String SYSTEM = """
            package user;

            import java.util.List;
            import java.util.Map;
            import java.util.Optional;
            import org.boltzmann4j.core.ParameterSpec;
            import org.boltzmann4j.core.Parameters;
            import org.boltzmann4j.system.*;

            public final class Wide extends ContinuousSystem {
                static final List<ParameterSpec> PARAMETERS =
                        List.of(ParameterSpec.real("sigma", 2, 0.1, 10, "length", "width in x"));
                private final double sigma;

                public Wide(Parameters p) {
                    super("wide", p);
                    sigma = p.real("sigma");
                }

                @Override public int dimension() { return 2; }

                @Override public double energy(double[] x) {
                    double w = x[1] * x[1] - 1;
                    return x[0] * x[0] / (2 * sigma * sigma) + 4 * w * w;
                }

                @Override public List<Observable<double[]>> observables() {
                    return List.of(Observable.of("x_squared", x -> x[0] * x[0]));
                }

                @Override public Optional<ExactReference> exactReference() {
                    return Optional.of(ExactReference.of(Map.of("x_squared", sigma * sigma), null, null));
                }
            }
            """;

    private static final String PROVIDER = """
            package user;

            import java.util.List;
            import org.boltzmann4j.system.*;

            public final class Provider implements SystemProvider {
                @Override public List<SystemFactory> systems() {
                    return List.of(new SystemFactory("wide", "x^2/(2 sigma^2) + 4 (y^2-1)^2", Wide.PARAMETERS,
                            List.of("x_squared: x^2"), Wide::new));
                }
            }
            """;

    private static final String BROKEN = """
            package user;

            import java.util.List;
            import org.boltzmann4j.system.*;

            public final class Broken implements SystemProvider {
                public Broken() { throw new IllegalStateException("no licence file"); }
                @Override public List<SystemFactory> systems() { return List.of(); }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void aUserJarRunsLikeABuiltInSystem() throws Exception {
        Path jar = jar("user.jar", "user.Provider", "Wide", SYSTEM, "Provider", PROVIDER);
        Result listed = Result.of(run("systems", "--classpath", jar.toString()));
        assertTrue(listed.out().contains("wide") && listed.out().contains("phi4-chain"), listed.out());

        Path out = tmp.resolve("run");
        var r = run("run", "wide", "--classpath", jar.toString(), "--sampler", "mala", "--steps", "3000",
                "--set", "sigma=1.5", "--set", "sampler.chains=32", "--seed", "4", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("wide", j.path("system").path("name").asText());
        assertEquals(1.5, j.path("system").path("params").path("sigma").asDouble());
        JsonNode x2 = j.path("observables").path("x_squared");
        assertTrue(r.out().contains("exact 2.25"), r.out());
        assertEquals(2.25, x2.path("mean").asDouble(), 4 * x2.path("stderr").asDouble(), x2.toString());
        assertTrue(x2.path("stderr").asDouble() < 0.2, "too wide to test anything: " + x2);

        assertBadInput(run("run", "wide", "--sampler", "mala", "--out", tmp.resolve("none").toString()),
                "unknown system 'wide'");
    }

    @Test
    void aUserJarThatFailsToLoadIsNamed() throws Exception {
        Path jar = jar("broken.jar", "user.Broken", "Broken", BROKEN);
        assertBadInput(run("run", "phi4-chain", "--classpath", jar.toString(), "--sampler", "mala",
                "--out", tmp.resolve("x").toString()), "user.Broken", "no licence file");
        assertBadInput(run("systems", "--classpath", tmp.resolve("missing.jar").toString()), "missing.jar");
    }

    /** Compiles the sources (name, text pairs) against the test classpath into a jar with one provider. */
    private Path jar(String name, String provider, String... sources) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src-" + name).resolve("user"));
        Path classes = Files.createDirectories(tmp.resolve("classes-" + name));
        for (int i = 0; i < sources.length; i += 2) {
            Files.writeString(src.resolve(sources[i] + ".java"), sources[i + 1]);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                java.lang.System.getProperty("java.class.path")));
        try (Stream<Path> files = Files.list(src)) {
            files.forEach(f -> args.add(f.toString()));
        }
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "user sources compile");
        Path jar = tmp.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/org.boltzmann4j.system.SystemProvider"));
            write(out, provider + "\n");
            out.closeEntry();
        }
        return jar;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private record Result(String out) {
        static Result of(CommandLineContractTest.Result r) {
            assertEquals(0, r.status(), r.err());
            return new Result(r.out());
        }
    }
}
