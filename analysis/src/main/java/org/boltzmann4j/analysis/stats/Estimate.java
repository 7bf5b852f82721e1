package org.boltzmann4j.analysis.stats;

/**
 * A Monte Carlo estimate of an expectation value.
 *
 * @param mean     the estimate
 * @param stderr   one-sigma error of the mean, accounting for autocorrelation (and, for many chains,
 *                 for disagreement between chains)
 * @param tauInt   integrated autocorrelation time in records, consistent with the error:
 *                 {@code stderr^2 = variance * tauInt / samples}; for weighted samples the
 *                 inefficiency {@code samples / ess}
 * @param ess      effective sample size, {@code samples / tauInt} (Kish size for weighted samples)
 * @param variance variance of one sample
 * @param rHat     split Gelman-Rubin R-hat, NaN for a single chain or weighted samples
 */
public record Estimate(double mean, double stderr, double tauInt, double ess, double variance, double rHat) {
}
