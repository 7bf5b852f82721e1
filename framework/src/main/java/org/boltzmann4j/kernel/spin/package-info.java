/**
 * Markov kernels for Ising-type {@link org.boltzmann4j.system.SpinLattice spin lattices}:
 * single-spin Metropolis and heat bath with tabulated integer acceptance thresholds, their
 * multispin-coded versions for 64 square-torus chains per machine word, and Wolff and
 * Swendsen–Wang cluster updates. Each chain's random stream seeds an inlined SplitMix64 generator
 * once per sweep.
 */
package org.boltzmann4j.kernel.spin;
