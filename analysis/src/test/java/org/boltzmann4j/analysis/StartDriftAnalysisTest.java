package org.boltzmann4j.analysis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.boltzmann4j.sampler.Budget;
import org.boltzmann4j.sampler.Progress;
import org.boltzmann4j.sampler.RunContext;
import org.boltzmann4j.sampler.RunRecord;
import org.boltzmann4j.sampler.Sampler;
import org.boltzmann4j.sampler.Samplers;
import org.boltzmann4j.systems.Ising2d;
import org.junit.jupiter.api.Test;

/**
 * A run recorded before its chains relaxed is reported untrusted for its drift: nmcmc with an
 * untrained model on the ordered 4×4 torus (β = 0.6) starts its 64 chains from random
 * spins; with no warm-up, the energy of the first tenth of the records is far above the rest.
 */
class StartDriftAnalysisTest {

    @SuppressWarnings("unchecked")
    private static RunReport run(String warmup) {
        Ising2d ising = new Ising2d(4, 0.6, 1, 0);
        Sampler<byte[]> s = (Sampler<byte[]>) Samplers.create("nmcmc", ising, Map.of("train_fraction", "0",
                "hidden", "8", "chains", "64", "local_sweeps", "1", "warmup_fraction", warmup)).sampler();
        RunRecord record = s.run(ising, new RunContext(Budget.steps(100), 1, Progress.SILENT, null));
        return RunAnalysis.analyze(ising, record);
    }

    @Test
    void chainsRecordedFromTheirStartAreUntrustedForTheirDrift() {
        String reason = run("0").untrusted().get("energy_per_site");
        assertTrue(reason != null && reason.contains("first tenth of the records"), String.valueOf(reason));
        String warmed = run("0.1").untrusted().get("energy_per_site");
        assertFalse(warmed != null && warmed.contains("first tenth"), String.valueOf(warmed));
    }
}
