package org.boltzmann4j.analysis.profile;

import org.boltzmann4j.core.B4jException;

/**
 * A free-energy profile F(x) = -ln p(x) in units of kT on bin centres, shifted so that its minimum
 * is 0, with one-sigma errors. Bins without samples hold NaN in both arrays.
 *
 * @param x          bin centres
 * @param freeEnergy F at each centre
 * @param stderr     one-sigma error of F
 */
public record Profile(double[] x, double[] freeEnergy, double[] stderr) {

    public Profile {
        if (x.length != freeEnergy.length || x.length != stderr.length) {
            throw B4jException.badInput("profile arrays differ in length: x %d, free_energy %d, stderr %d",
                    x.length, freeEnergy.length, stderr.length);
        }
    }

    /** Number of bins. */
    public int size() {
        return x.length;
    }
}
