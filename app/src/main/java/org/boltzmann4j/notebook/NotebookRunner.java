package org.boltzmann4j.notebook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.boltzmann4j.core.B4jException;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Executes the code cells of a Jupyter notebook (nbformat 4, Java) in order with JShell, in this
 * JVM (JShell's local execution engine) against a given class path, and writes the notebook back with
 * each cell's outputs: its stdout and stderr as streams, the PNGs it passed to {@link Display} as
 * {@code image/png} display data, and the value of a final expression as the execute result. Cells
 * are split into snippets with JShell's source analysis. Lines starting with {@code %} (IJava magics
 * such as {@code %jars}) are skipped: the class path is given here. The first failing cell (compile
 * error, unresolved reference, exception) gets an {@code error} output and stops the run; later
 * cells are left without outputs.
 */
public final class NotebookRunner {

    /**
     * How an execution went.
     *
     * @param codeCells code cells in the notebook
     * @param executed  code cells run, the failing one included
     * @param failure   what failed, or null
     * @param seconds   wall-clock time of the execution
     */
    public record Result(int codeCells, int executed, Failure failure, double seconds) {

        public boolean ok() {
            return failure == null;
        }
    }

    /**
     * The failing cell.
     *
     * @param cell       0-based index among all cells of the notebook
     * @param codeCell   1-based number among code cells (its execution count)
     * @param line       1-based line in the cell, or 0 when unknown
     * @param errorName  exception class or {@code CompilationError}
     * @param message    one line
     */
    public record Failure(int cell, int codeCell, int line, String errorName, String message) {

        /** One line naming the cell: {@code cell 4 (code cell 2), line 3: CompilationError: ...}. */
        public String describe() {
            return String.format(Locale.ROOT, "cell %d (code cell %d)%s: %s: %s", cell + 1, codeCell,
                    line > 0 ? ", line " + line : "", errorName, message);
        }
    }

    private static final String COMPILATION_ERROR = "CompilationError";

    private final String classPath;
    private final double budgetScale;
    private final Path workDirectory;
    private final PrintStream log;

    /**
     * @param classPath     the class path cells compile and run against (the project's runtime class path)
     * @param budgetScale   factor on every {@link Notebook#budget(double)}
     * @param workDirectory where {@link Notebook#directory(String)} makes run directories
     * @param log           one line per cell (the terminal's stderr), or null for none
     */
    public NotebookRunner(String classPath, double budgetScale, Path workDirectory, PrintStream log) {
        if (!(budgetScale > 0) || !Double.isFinite(budgetScale)) {
            throw B4jException.badInput("--budget-scale %s is not allowed: must be a positive number", budgetScale);
        }
        this.classPath = classPath;
        this.budgetScale = budgetScale;
        this.workDirectory = workDirectory;
        this.log = log;
    }

    /** Executes {@code notebook} and writes it with its outputs to {@code output} (may be the same file). */
    public Result execute(Path notebook, Path output) {
        ObjectNode root = read(notebook);
        JsonNode cells = root.path("cells");
        int codeCells = 0;
        for (JsonNode cell : cells) {
            if ("code".equals(cell.path("cell_type").asText())) {
                codeCells++;
            }
        }
        long start = System.nanoTime();
        int executed = 0;
        Failure failure = null;
        PrintStream out = System.out;
        PrintStream err = System.err;
        Notebook.configure(budgetScale, workDirectory, notebook.toAbsolutePath().getParent());
        Display.capture(true);
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            shell.addToClasspath(classPath);
            for (int i = 0; i < cells.size(); i++) {
                ObjectNode cell = (ObjectNode) cells.get(i);
                if (!"code".equals(cell.path("cell_type").asText())) {
                    continue;
                }
                ArrayNode outputs = cell.putArray("outputs");
                if (failure != null) {
                    cell.putNull("execution_count");
                    continue;
                }
                executed++;
                cell.put("execution_count", executed);
                long cellStart = System.nanoTime();
                failure = runCell(shell, i, executed, source(cell), outputs, out, err);
                if (log != null) {
                    log.printf(Locale.ROOT, "notebook %s: code cell %d/%d %s (%.1f s)%n", notebook.getFileName(),
                            executed, codeCells, failure == null ? "ok" : "FAILED", (System.nanoTime() - cellStart) * 1e-9);
                }
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            Display.capture(false);
            Notebook.configure(null, null, null);
        }
        write(root, output);
        return new Result(codeCells, executed, failure, (System.nanoTime() - start) * 1e-9);
    }

    /** Runs one cell snippet by snippet; returns its failure or null. */
    private static Failure runCell(JShell shell, int cellIndex, int count, String source, ArrayNode outputs,
                                   PrintStream out, PrintStream err) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String code = withoutMagics(source);
        int offset = 0;
        String value = null;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            while (offset < code.length()) {
                String rest = code.substring(offset);
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                    break;
                }
                int snippetLine = line(code, offset + leadingBlank(rest));
                if (!info.completeness().isComplete()) {
                    return fail(outputs, cellIndex, count, snippetLine, COMPILATION_ERROR,
                            "incomplete Java source (a missing bracket, parenthesis or semicolon?)", rest.strip());
                }
                offset += rest.length() - info.remaining().length();
                value = null;
                for (SnippetEvent event : shell.eval(info.source())) {
                    if (event.causeSnippet() != null) {
                        continue;
                    }
                    Failure f = failure(shell, event, cellIndex, count, snippetLine, outputs, stdout, stderr);
                    if (f != null) {
                        return f;
                    }
                    value = expressionValue(event);
                }
                flush(outputs, stdout, stderr);
            }
            if (value != null && !value.isBlank()) {
                ObjectNode result = outputs.addObject();
                result.put("output_type", "execute_result");
                result.putObject("data").set("text/plain", lines(value));
                result.putObject("metadata");
                result.put("execution_count", count);
            }
            return null;
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** The failure an evaluation event reports, written to the outputs, or null when it succeeded. */
    private static Failure failure(JShell shell, SnippetEvent event, int cellIndex, int count, int snippetLine,
                                   ArrayNode outputs, ByteArrayOutputStream stdout, ByteArrayOutputStream stderr) {
        Snippet snippet = event.snippet();
        if (event.status() == Snippet.Status.REJECTED) {
            List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).toList();
            String message = errors.isEmpty() ? "rejected" : diagnostic(errors.get(0));
            String text = snippet.source();
            int line = errors.isEmpty() ? snippetLine : snippetLine
                    + line(text, (int) Math.max(0, errors.get(0).getStartPosition())) - line(text, leadingBlank(text));
            List<String> trace = new ArrayList<>();
            for (Diag d : errors) {
                trace.add(d.getMessage(Locale.ROOT));
            }
            trace.add(text.strip());
            flush(outputs, stdout, stderr);
            return fail(outputs, cellIndex, count, line, COMPILATION_ERROR, message, String.join("\n", trace));
        }
        if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
            String missing = snippet instanceof DeclarationSnippet d
                    ? shell.unresolvedDependencies(d).collect(Collectors.joining(", ")) : "?";
            flush(outputs, stdout, stderr);
            return fail(outputs, cellIndex, count, snippetLine, COMPILATION_ERROR,
                    "refers to undefined " + missing, snippet.source());
        }
        Throwable thrown = event.exception();
        if (thrown != null) {
            flush(outputs, stdout, stderr);
            String name;
            String message;
            if (thrown instanceof EvalException e) {
                name = e.getExceptionClassName();
                message = e.getMessage() == null ? "" : oneLine(e.getMessage());
            } else if (thrown instanceof UnresolvedReferenceException u) {
                name = COMPILATION_ERROR;
                message = "uses " + u.getSnippet().source().strip().lines().findFirst().orElse("")
                        + ", which refers to something undefined";
            } else {
                name = thrown.getClass().getName();
                message = oneLine(String.valueOf(thrown.getMessage()));
            }
            return fail(outputs, cellIndex, count, snippetLine, name, message, traceback(thrown));
        }
        return null;
    }

    private static Failure fail(ArrayNode outputs, int cellIndex, int count, int line, String name, String message,
                                String detail) {
        ObjectNode error = outputs.addObject();
        error.put("output_type", "error");
        error.put("ename", name);
        error.put("evalue", message);
        ArrayNode trace = error.putArray("traceback");
        detail.lines().forEach(trace::add);
        return new Failure(cellIndex, count, line, name, message);
    }

    /** The value of a snippet that is an expression (not a declaration, assignment or statement). */
    private static String expressionValue(SnippetEvent event) {
        Snippet.SubKind kind = event.snippet().subKind();
        boolean expression = kind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || kind == Snippet.SubKind.VAR_VALUE_SUBKIND || kind == Snippet.SubKind.OTHER_EXPRESSION_SUBKIND;
        return expression ? event.value() : null;
    }

    /** Moves captured stdout, stderr and queued images into the outputs. */
    private static void flush(ArrayNode outputs, ByteArrayOutputStream stdout, ByteArrayOutputStream stderr) {
        stream(outputs, "stdout", stdout);
        stream(outputs, "stderr", stderr);
        for (byte[] png : Display.takePending()) {
            ObjectNode display = outputs.addObject();
            display.put("output_type", "display_data");
            ObjectNode data = display.putObject("data");
            data.put("image/png", Base64.getEncoder().encodeToString(png));
            data.putArray("text/plain").add("<PNG image>");
            display.putObject("metadata");
        }
    }

    private static void stream(ArrayNode outputs, String name, ByteArrayOutputStream captured) {
        if (captured.size() == 0) {
            return;
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        captured.reset();
        JsonNode last = outputs.size() > 0 ? outputs.get(outputs.size() - 1) : null;
        if (last != null && "stream".equals(last.path("output_type").asText()) && name.equals(last.path("name").asText())) {
            String joined = join(last.path("text")) + text;
            ((ObjectNode) last).set("text", lines(joined));
            return;
        }
        ObjectNode stream = outputs.addObject();
        stream.put("output_type", "stream");
        stream.put("name", name);
        stream.set("text", lines(text));
    }

    private static String traceback(Throwable thrown) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            String name = t instanceof EvalException e ? e.getExceptionClassName() : t.getClass().getName();
            b.append(t == thrown ? "" : "Caused by: ").append(name);
            if (t.getMessage() != null) {
                b.append(": ").append(t.getMessage());
            }
            b.append('\n');
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("jdk.internal.reflect.")
                        || frame.getClassName().startsWith("java.lang.reflect.")) {
                    break; // JShell's own machinery from here on
                }
                b.append("\tat ").append(frame).append('\n');
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return b.toString();
    }

    /** Blanks IJava magic lines ({@code %jars ...}) and whole {@code %%} cell magics, keeping line numbers. */
    static String withoutMagics(String source) {
        if (source.stripLeading().startsWith("%%")) {
            return "";
        }
        return source.lines().map(l -> l.stripLeading().startsWith("%") ? "" : l).collect(Collectors.joining("\n"));
    }

    private static int leadingBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** 1-based line of character {@code position} in {@code text}. */
    private static int line(String text, int position) {
        int line = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** A compiler message on one line, without the uninformative location of JShell's wrapper class. */
    private static String diagnostic(Diag d) {
        return d.getMessage(Locale.ROOT).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("location: class"))
                .map(l -> l.replaceAll("\\s+", " ")).collect(Collectors.joining(", "));
    }

    private static String oneLine(String s) {
        return s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }

    private static String source(JsonNode cell) {
        return join(cell.path("source"));
    }

    private static String join(JsonNode text) {
        if (text.isArray()) {
            StringBuilder b = new StringBuilder();
            text.forEach(l -> b.append(l.asText()));
            return b.toString();
        }
        return text.asText();
    }

    /** Text as nbformat keeps it: a list of lines, each but the last ending in a newline. */
    private static ArrayNode lines(String text) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int to = nl < 0 ? text.length() : nl + 1;
            array.add(text.substring(from, to));
            from = to;
        }
        return array;
    }

    private static ObjectNode read(Path notebook) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(notebook.toFile());
        } catch (IOException e) {
            throw B4jException.badInput("cannot read notebook %s: %s", notebook, oneLine(e.getMessage()));
        }
        if (!(root instanceof ObjectNode object) || root.path("nbformat").asInt() != 4 || !root.path("cells").isArray()) {
            throw B4jException.badInput("%s is not a Jupyter notebook in nbformat 4 (an object with nbformat 4 and cells)",
                    notebook);
        }
        return object;
    }

    /** Writes JSON as Jupyter does: one-space indent, {@code "key": value}, a final newline. */
    private static void write(ObjectNode root, Path output) {
        DefaultIndenter indent = new DefaultIndenter(" ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("").withArrayEmptySeparator(""));
        printer.indentObjectsWith(indent);
        printer.indentArraysWith(indent);
        try {
            String json = new ObjectMapper().writer(printer).writeValueAsString(root);
            Files.writeString(output, json + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw B4jException.failure(e, "cannot write notebook %s: %s", output, e.getMessage());
        }
    }
}
