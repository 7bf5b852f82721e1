package org.boltzmann4j.analysis.freeenergy;

import java.util.ArrayList;
import java.util.List;

import org.boltzmann4j.analysis.profile.Profile;
import org.boltzmann4j.sampler.UmbrellaRun;

/**
 * An unbiased free-energy profile from umbrella windows, with the full covariance of its bins
 * (neighbouring bins share windows, so their errors are correlated) and each window's free energy.
 *
 * @param profile                  F(x) on bin centres, minimum 0, one-sigma errors; NaN where no sample fell
 * @param covariance               covariance of F between bins (of -ln p_b with p normalized over the range)
 * @param windowFreeEnergies       f_k - f_0 of the biased windows
 * @param windowStderr             one-sigma error of f_k - f_0
 * @param statisticalInefficiency  integrated autocorrelation time of ξ in each window, in sweeps
 * @param warnings                 what makes the estimate less reliable: windows with few independent
 *                                 samples (a slow hidden mode, or too short a run), bins without samples
 */
public record FreeEnergyEstimate(Profile profile, double[][] covariance, double[] windowFreeEnergies,
                                 double[] windowStderr, double[] statisticalInefficiency, List<String> warnings) {

    /** Independent samples per window below which its errors are not to be trusted. */
    static final double MIN_INDEPENDENT = 50;

    /** Builds the profile from -ln p_b and its covariance: shifted to minimum 0, stderr from the diagonal. */
    static FreeEnergyEstimate of(UmbrellaRun run, double[] centres, double[] minusLnP, double[][] covariance,
                                 double[] windowF, double[] windowErr, double[] inefficiency) {
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
            err[b] = seen ? Math.sqrt(Math.max(0, covariance[b][b])) : Double.NaN;
        }
        List<String> warnings = new ArrayList<>();
        for (int k = 0; k < run.windows(); k++) {
            double independent = run.traces()[k].length * (double) run.traces()[k][0].length / inefficiency[k];
            if (independent < MIN_INDEPENDENT) {
                warnings.add(String.format("window %d (centre %.4g) has only %.0f independent samples (tau_int %.0f sweeps): "
                        + "its errors are unreliable; run longer, or look for a slow mode the bias does not act on",
                        k, run.centres()[k], independent, inefficiency[k]));
            }
        }
        long empty = java.util.Arrays.stream(f).filter(Double::isNaN).count();
        if (empty > 0) {
            warnings.add(empty + " profile bins have no samples: the windows do not cover the whole range");
        }
        return new FreeEnergyEstimate(new Profile(centres, f, err), covariance, windowF, windowErr, inefficiency,
                List.copyOf(warnings));
    }
}
