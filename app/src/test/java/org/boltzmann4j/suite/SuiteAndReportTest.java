package org.boltzmann4j.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.boltzmann4j.cli.CommandLineContractTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small suite end to end: its cases run, a failing case is recorded and does not stop the rest,
 * summary.csv has one row per case, and report.html works as a web page in headless Chromium —
 * every image loads and every table renders.
 */
class SuiteAndReportTest {

    static final String SUITE = """
            name: tiny
            description: two samplers on the tilted double well, and one case that fails
            budget: 60s
            cases:
              - system: double-well
                params: {barrier: 3}
                samplers: [mala, pt]
                sampler_params: {chains: 16}
                steps: 300
              - system: double-well
                sampler: flow-mcmc
                sampler_params: {chains: 16, lr: 1, hidden: 16, objective: mixed}
                steps: 200
            """;

    @TempDir
    static Path tmp;
    static CommandLineContractTest.Result result;

    @BeforeAll
    static void runSuite() throws Exception {
        Path file = tmp.resolve("tiny.yaml");
        Files.writeString(file, SUITE);
        result = CommandLineContractTest.run("suite", file.toString(), "--out", tmp.resolve("out").toString());
    }

    @Test
    void aFailingCaseIsRecordedAndTheSuiteExitsOne() throws Exception {
        assertEquals(1, result.status(), result.err());
        List<String> rows = Files.readAllLines(tmp.resolve("out/summary.csv"));
        assertEquals(4, rows.size(), "header + one row per case: " + rows);
        assertTrue(rows.get(0).startsWith("case,system,system_params,sampler"), rows.get(0));
        assertEquals(2, rows.stream().filter(r -> r.contains(",ok,")).count(), String.join("\n", rows));
        assertTrue(rows.get(3).contains(",failed,") && rows.get(3).contains("diverged"), rows.get(3));
        assertTrue(rows.get(0).contains("x0_positive_mean") && rows.get(0).contains("x0_positive_exact"));
    }

    @Test
    void engineChoicesThatCannotRunAreBadInput() throws Exception {
        Path file = tmp.resolve("tiny.yaml");
        CommandLineContractTest.Result r = CommandLineContractTest.run("suite", file.toString(), "--engine", "spark",
                "--out", tmp.resolve("no-spark").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("--engine spark is not available: engines here are local"), r.err());
        r = CommandLineContractTest.run("suite", file.toString(), "--master", "local[2]", "--out",
                tmp.resolve("no-spark").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("--master local[2] needs --engine spark"), r.err());
        assertTrue(!Files.exists(tmp.resolve("no-spark")), "nothing may be written for a bad engine");
    }

    @Test
    void malformedSuitesAreRejectedBeforeAnyWork() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "name: x\ncases:\n  - system: double-well\n    sampler: mala\n    sede: 3\n");
        CommandLineContractTest.Result r = CommandLineContractTest.run("suite", bad.toString(), "--out",
                tmp.resolve("bad-out").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown key 'sede'"), r.err());
        Files.writeString(bad, "name: x\ncases: [ {system: double-well, sampler: mala, params: {barrier: -1}} ]\n");
        r = CommandLineContractTest.run("suite", bad.toString(), "--out", tmp.resolve("bad-out").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("barrier=-1"), r.err());
        Files.writeString(bad, "name: x\ncases: [ {system: double-well\n");
        r = CommandLineContractTest.run("suite", bad.toString(), "--out", tmp.resolve("bad-out").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("malformed"), r.err());
        assertTrue(!Files.exists(tmp.resolve("bad-out/runs")), "nothing may run for a bad suite");
    }

    @Test
    void theReportLoadsEveryImageAndRendersItsTablesInChromium() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium) || System.getenv("CI") != null,
                "chromium is not installed here (.ci/run installs it)");
        Path report = tmp.resolve("out/report.html");
        String html = Files.readString(report);
        int images = count(html, "<img ");
        assertTrue(images >= 5, "the report shows the runs' plots: " + images);
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + tmp.resolve("chromium-profile"), "--virtual-time-budget=5000",
                "--dump-dom", report.toUri().toString()).redirectErrorStream(false).start();
        String dom = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(images, attribute(dom, "data-images-loaded"), "every image loads");
        assertEquals(0, attribute(dom, "data-images-broken"), "no broken image");
        assertTrue(attribute(dom, "data-tables") > 5, "tables render with rows");
    }

    static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }

    static int attribute(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find(), name + " missing: the page's script did not run");
        return Integer.parseInt(m.group(1));
    }
}
