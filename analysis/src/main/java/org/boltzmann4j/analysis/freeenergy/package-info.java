/**
 * Classical free-energy references for systems without an exact answer: umbrella sampling with
 * harmonic biases on a collective variable ({@link org.boltzmann4j.analysis.freeenergy.BiasedSystem},
 * {@link org.boltzmann4j.analysis.freeenergy.UmbrellaSampling}), the unbiased profile from WHAM or
 * MBAR with autocorrelation-aware errors, free-energy differences between basins, and mean
 * first-passage times and rates between metastable states. Energies are reduced (in units of kT).
 */
package org.boltzmann4j.analysis.freeenergy;
