package org.boltzmann4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.boltzmann4j.cli.CommandLineContractTest;
import org.boltzmann4j.sampler.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** live.json: what a run is doing, rewritten as it works, and every call passed on. */
class LiveRecordTest {

    @TempDir
    Path dir;

    private JsonNode live() throws IOException {
        return new ObjectMapper().readTree(dir.resolve(LiveRecord.FILE).toFile());
    }

    @Test
    void eachPhaseIsRecordedWithItsCurvesOrItsRunningEstimate() throws IOException {
        List<String> passed = new ArrayList<>();
        LiveRecord record = new LiveRecord(dir, "phi4-chain", new Progress() {
            @Override
            public void update(String phase, double fractionDone, long steps, String status) {
                passed.add(phase);
            }

            @Override
            public void estimate(String observable, double mean, double stderr) {
                passed.add(observable);
            }
        });
        record.latest(Map.of("loss", -70.5, "acceptance_global", Double.NaN));
        record.update("training", 0.25, 10, "loss -70.5");
        JsonNode t = live();
        assertEquals(LiveRecord.SCHEMA, t.path("schema").asText());
        assertEquals("phi4-chain", t.path("system").asText());
        assertEquals(List.of("training cycle,loss", "10.0,-70.5"), Files.readAllLines(dir.resolve("history_loss.csv")));
        CommandLineContractTest.Result plot = CommandLineContractTest.run("plot", dir.toString());
        assertEquals(0, plot.status(), plot.err());
        assertTrue(Files.exists(dir.resolve("loss.png")), "plot draws the curves so far mid-run");
        assertEquals("training", t.path("phase").asText());
        assertEquals(10, t.path("steps").asLong());
        assertEquals(-70.5, t.path("latest").path("loss").asDouble());
        assertTrue(t.path("latest").path("acceptance_global").isNull(), "NaN is written as null");
        assertTrue(t.path("estimate").isNull());
        record.update("production", 0.01, 1, "");
        record.estimate("phi_mid", 0.17, 0.01);
        JsonNode p = live();
        assertEquals("production", p.path("phase").asText());
        assertTrue(p.path("latest").isEmpty(), "curves belong to their phase");
        assertEquals(List.of("training", "production", "phi_mid"), passed);
    }

    @Test
    void aRunLeavesItsLastLiveState() throws IOException {
        Path out = dir;
        CommandLineContractTest.Result r = CommandLineContractTest.run("run", "phi4-chain", "--sampler", "flow-mcmc",
                "--set", "N=8", "--set", "sampler.chains=8", "--set", "sampler.hidden=8", "--steps", "20",
                "--out", out.resolve("run").toString(), "--overwrite");
        assertEquals(0, r.status(), r.err());
        dir = out.resolve("run");
        assertEquals("production", live().path("phase").asText());
    }
}
