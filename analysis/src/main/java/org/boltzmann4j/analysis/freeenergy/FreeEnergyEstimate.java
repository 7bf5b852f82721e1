package org.boltzmann4j.analysis.freeenergy;

import org.boltzmann4j.analysis.profile.Profile;

/**
 * An unbiased free-energy profile from umbrella windows, with the full covariance of its bins
 * (neighbouring bins share windows, so their errors are correlated) and each window's free energy.
 *
 * @param profile                  F(x) on bin centres, minimum 0, one-sigma errors; NaN where no sample fell
 * @param covariance               covariance of F between bins (of -ln p_b with p normalized over the range)
 * @param windowFreeEnergies       f_k - f_0 of the biased windows
 * @param windowStderr             one-sigma error of f_k - f_0
 * @param statisticalInefficiency  integrated autocorrelation time of ξ in each window, in sweeps
 */
public record FreeEnergyEstimate(Profile profile, double[][] covariance, double[] windowFreeEnergies,
                                 double[] windowStderr, double[] statisticalInefficiency) {

    /** Builds the profile from -ln p_b and its covariance: shifted to minimum 0, stderr from the diagonal. */
    static FreeEnergyEstimate of(double[] centres, double[] minusLnP, double[][] covariance, double[] windowF,
                                 double[] windowErr, double[] inefficiency) {
        double min = Double.POSITIVE_INFINITY;
        for (double f : minusLnP) {
            if (Double.isFinite(f)) {
                min = Math.min(min, f);
            }
        }
        double[] f = new double[centres.length];
        double[] err = new double[centres.length];
        for (int b = 0; b < f.length; b++) {
            boolean seen = Double.isFinite(minusLnP[b]);
            f[b] = seen ? minusLnP[b] - min : Double.NaN;
            err[b] = seen ? Math.sqrt(covariance[b][b]) : Double.NaN;
        }
        return new FreeEnergyEstimate(new Profile(centres, f, err), covariance, windowF, windowErr, inefficiency);
    }
}
