package org.boltzmann4j.sampler;

import java.util.List;
import java.util.Map;

import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.Observable;

/** U = x²/2 in one dimension, observable x: the smallest continuous system, for tests of the sampler plumbing. */
final class HarmonicWell extends ContinuousSystem {

    HarmonicWell() {
        super("harmonic-well", Parameters.of(Map.of()));
    }

    @Override
    public int dimension() {
        return 1;
    }

    @Override
    public double energy(double[] x) {
        return 0.5 * x[0] * x[0];
    }

    @Override
    public List<Observable<double[]>> observables() {
        return List.of(Observable.of("x", x -> x[0]));
    }
}
