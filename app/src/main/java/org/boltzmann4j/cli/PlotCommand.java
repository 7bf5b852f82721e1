package org.boltzmann4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.boltzmann4j.analysis.RunPlots;
import org.boltzmann4j.core.B4jException;
import org.boltzmann4j.run.LiveRecord;
import org.boltzmann4j.run.ResultsJson;
import org.boltzmann4j.suite.SuiteReport;


import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code b4j plot DIR}: redraws the plots of a finished run, or of every run of a suite and its report. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Redraw the plots of a run (finished or still running) or suite directory from its data files.")
final class PlotCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "a run or suite output directory")
    Path dir;

    @Override
    public Integer call() throws java.io.IOException {
        if (Files.exists(dir.resolve(ResultsJson.FILE)) || Files.exists(dir.resolve(LiveRecord.FILE))) {
            redrawRun(dir);
            System.out.println("redrew the plots in " + dir);
            return 0;
        }
        if (Files.isDirectory(dir.resolve("runs"))) {
            try (var runs = Files.list(dir.resolve("runs"))) {
                for (Path run : runs.filter(p -> Files.exists(p.resolve("results.json"))).sorted().toList()) {
                    redrawRun(run);
                }
            }
            SuiteReport.write(dir, dir.getFileName().toString(), "Redrawn by b4j plot.");
            System.out.println("redrew the plots and report.html in " + dir);
            return 0;
        }
        throw B4jException.badInput("%s is neither a run directory (results.json) nor a suite directory (runs/)", dir);
    }

    /** Redraws a run's plots, mid-run too (the system named by live.json until results.json exists). */
    private static void redrawRun(Path run) {
        Path file = run.resolve(ResultsJson.FILE);
        String system;
        if (Files.exists(file)) {
            system = ResultsJson.read(file).path("system").path("name").asText();
        } else {
            file = run.resolve(LiveRecord.FILE);
            system = ResultsJson.read(file).path("system").asText();
        }
        if (system.isEmpty()) {
            throw B4jException.badInput("%s names no system (system.name)", file);
        }
        RunPlots.draw(run, system);
    }
}
