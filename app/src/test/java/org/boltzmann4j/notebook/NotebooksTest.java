package org.boltzmann4j.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.boltzmann4j.cli.Main;
import org.boltzmann4j.sampler.Samplers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Executes every notebook under {@code notebooks/} at a small budget scale (this is how CI runs
 * them) and checks that the runner reports failing cells: a notebook with a broken cell must fail,
 * name the cell and carry the error in its outputs.
 */
class NotebooksTest {

    /** Budgets at 2% of full scale (each run still gets {@link Notebook#MIN_SECONDS}). */
    static final double CI_BUDGET_SCALE = 0.02;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyNotebookRuns() throws IOException {
        Path dir = Path.of("").toAbsolutePath().getParent().resolve("notebooks");
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(dir)) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 3, "notebooks/ holds the three notebooks");
        Path executed = Files.createDirectories(Path.of("target", "notebooks"));
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
            assumeSamplersRegistered(nb);
            NotebookRunner runner = new NotebookRunner(classPath(), CI_BUDGET_SCALE,
                    Files.createDirectories(tmp.resolve(nb.getFileName().toString())), System.err);
            Path out = executed.resolve(nb.getFileName());
            NotebookRunner.Result result = runner.execute(nb, out);
            if (!result.ok()) {
                fail(nb.getFileName() + " failed at " + result.failure().describe() + "; executed copy in " + out);
            }
            assertEquals(result.codeCells(), result.executed());
            assertTrue(JSON.readTree(out.toFile()).toString().contains("image/png"), "the notebook shows a plot");
        }));
    }

    @Test
    void cellsGiveTextValuesAndPictures() throws IOException {
        Path nb = notebook("cells.ipynb",
                "%jars ../app/target/b4j.jar\nimport org.boltzmann4j.notebook.*;\nint x = 3;\n"
                        + "System.out.println(\"x is \" + x);\nSystem.err.println(\"careful\");\nx * 2",
                "void hello() {\n    System.out.println(\"hello\");\n}\nhello();",
                "var img = new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
                        + "var file = java.nio.file.Files.createTempFile(\"b4j\", \".png\");\n"
                        + "javax.imageio.ImageIO.write(img, \"png\", file.toFile());\nDisplay.png(file);\n"
                        + "Notebook.budget(100)");
        NotebookRunner.Result result = new NotebookRunner(classPath(), 0.5, tmp, null).execute(nb, nb);
        assertTrue(result.ok(), () -> result.failure().describe());
        JsonNode cells = JSON.readTree(nb.toFile()).path("cells");
        JsonNode first = cells.get(1).path("outputs");
        assertEquals("x is 3\n", first.get(0).path("text").get(0).asText());
        assertEquals("stderr", first.get(1).path("name").asText());
        assertEquals("execute_result", first.get(2).path("output_type").asText());
        assertEquals("6", first.get(2).path("data").path("text/plain").get(0).asText());
        assertEquals(1, cells.get(1).path("execution_count").asInt());
        assertEquals("hello\n", cells.get(2).path("outputs").get(0).path("text").get(0).asText());
        JsonNode third = cells.get(3).path("outputs");
        assertTrue(third.get(0).path("data").path("image/png").asText().startsWith("iVBORw0KGgo"), "a base64 PNG");
        assertEquals("50.0", third.get(1).path("data").path("text/plain").get(0).asText(), "budget scaled by 0.5");
        assertEquals(3, cells.get(3).path("execution_count").asInt());
    }

    @Test
    void anExceptionFailsTheNotebookAtItsCell() throws IOException {
        Path nb = notebook("broken.ipynb", "System.out.println(\"fine\");",
                "System.out.println(\"before\");\nObject nothing = null;\nnothing.hashCode();",
                "System.out.println(\"never\");");
        Path out = tmp.resolve("broken-out.ipynb");
        NotebookRunner.Result result = new NotebookRunner(classPath(), 1, tmp, null).execute(nb, out);
        assertNotNull(result.failure());
        assertEquals(2, result.failure().codeCell());
        assertEquals(3, result.failure().line());
        assertEquals("java.lang.NullPointerException", result.failure().errorName());
        assertTrue(result.failure().describe().startsWith("cell 3 (code cell 2), line 3: java.lang.NullPointerException"),
                result.failure().describe());
        JsonNode cells = JSON.readTree(out.toFile()).path("cells");
        JsonNode failed = cells.get(2).path("outputs");
        assertEquals("before\n", failed.get(0).path("text").get(0).asText());
        assertEquals("error", failed.get(1).path("output_type").asText());
        assertEquals("java.lang.NullPointerException", failed.get(1).path("ename").asText());
        assertTrue(cells.get(3).path("execution_count").isNull(), "cells after the failure do not run");
        assertEquals(0, cells.get(3).path("outputs").size());
    }

    @Test
    void aCompileErrorExitsWithStatusOneAndNamesTheCell() throws IOException {
        Path nb = notebook("typo.ipynb", "int y = 1;", "int z = 2;\nString s = undefinedThing + 1;");
        Path out = tmp.resolve("typo-out.ipynb");
        NotebookRunner.Result result = new NotebookRunner(classPath(), 1, tmp, null).execute(nb, out);
        assertEquals("CompilationError", result.failure().errorName());
        assertEquals(2, result.failure().line());
        assertTrue(result.failure().message().contains("undefinedThing"), result.failure().message());
        assertEquals(1, Main.execute("notebook", nb.toString(), "--output", out.toString()));
        assertEquals(2, Main.execute("notebook", tmp.resolve("missing.ipynb").toString()));
    }

    /** Skips a notebook whose metadata {@code b4j.samplers} names a sampler not (yet) registered. */
    private static void assumeSamplersRegistered(Path notebook) throws IOException {
        for (JsonNode name : JSON.readTree(notebook.toFile()).path("metadata").path("b4j").path("samplers")) {
            Assumptions.assumeTrue(Samplers.all().stream().anyMatch(f -> f.name().equals(name.asText())),
                    notebook.getFileName() + " needs sampler " + name.asText());
        }
    }

    private static String classPath() {
        return System.getProperty("java.class.path");
    }

    private Path notebook(String name, String... codeCells) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("nbformat", 4);
        root.put("nbformat_minor", 5);
        root.putObject("metadata").putObject("kernelspec").put("name", "java");
        ArrayNode cells = root.putArray("cells");
        cells.addObject().put("cell_type", "markdown").put("source", "# test");
        for (String source : codeCells) {
            ObjectNode cell = cells.addObject();
            cell.put("cell_type", "code");
            cell.putObject("metadata");
            cell.put("source", source);
            cell.putArray("outputs");
            cell.putNull("execution_count");
        }
        Path file = tmp.resolve(name);
        JSON.writeValue(file.toFile(), root);
        return file;
    }
}
