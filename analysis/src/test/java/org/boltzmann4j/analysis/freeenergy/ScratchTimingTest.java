package org.boltzmann4j.analysis.freeenergy;

import java.util.Map;
import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.kernel.Mala;
import org.boltzmann4j.kernel.SingleSiteMetropolis;
import org.boltzmann4j.kernel.StepSize;
import org.boltzmann4j.systems.DoubleWell;
import org.boltzmann4j.systems.Phi4Chain;
import org.junit.jupiter.api.Test;

class ScratchTimingTest {
    @Test
    void time() {
        DoubleWell dw = new DoubleWell(Parameters.resolve(DoubleWell.NAME, DoubleWell.PARAMETERS, Map.of("d", "2")));
        for (int rep = 0; rep < 2; rep++) {
            long t0 = System.nanoTime();
            UmbrellaRun run = new UmbrellaSampling(s -> new Mala(s, new StepSize(0.1, 0.574, true)), 8, 500, 4000)
                    .run(dw, LinearCollectiveVariable.coordinate("x0", 2, 0), -1.5, 1.5, 25, 2024);
            long t1 = System.nanoTime();
            FreeEnergyEstimate w = Wham.defaults().estimate(run, -1.5, 1.5, 24);
            long t2 = System.nanoTime();
            FreeEnergyEstimate m = Mbar.defaults().estimate(run, -1.5, 1.5, 24);
            long t3 = System.nanoTime();
            System.out.printf("dw: sample %.2f s, wham %.2f s, mbar %.2f s, g %s%n", (t1 - t0) * 1e-9, (t2 - t1) * 1e-9, (t3 - t2) * 1e-9, java.util.Arrays.toString(w.statisticalInefficiency()));
        }
        Phi4Chain chain = new Phi4Chain(Parameters.resolve(Phi4Chain.NAME, Phi4Chain.PARAMETERS, Map.of("N", "5", "h", "0.1", "beta", "10")));
        long t0 = System.nanoTime();
        UmbrellaRun run = new UmbrellaSampling(s -> new SingleSiteMetropolis(s, new StepSize(0.2, 0.44, true)), 8, 500, 4000)
                .run(chain, LinearCollectiveVariable.coordinate("phi_mid", 5, chain.midIndex()), -1.4, 1.4, 21, 77);
        long t1 = System.nanoTime();
        FreeEnergyEstimate w = Wham.defaults().estimate(run, -1.4, 1.4, 28);
        long t2 = System.nanoTime();
        FreeEnergyEstimate m = Mbar.defaults().estimate(run, -1.4, 1.4, 28);
        long t3 = System.nanoTime();
        System.out.printf("phi4: sample %.2f s, wham %.2f s, mbar %.2f s, g %s%n", (t1 - t0) * 1e-9, (t2 - t1) * 1e-9, (t3 - t2) * 1e-9, java.util.Arrays.toString(w.statisticalInefficiency()));
        double[] exact = UmbrellaPhi4Test.exactMidProfile();
        for (int b = 0; b < 28; b++) {
            System.out.printf("  %6.3f exact %.3f  wham %.4f +- %.4f   mbar %.4f +- %.4f%n", w.profile().x()[b], exact[b] - 1.16, w.profile().freeEnergy()[b], w.profile().stderr()[b], m.profile().freeEnergy()[b], m.profile().stderr()[b]);
        }
    }
}
