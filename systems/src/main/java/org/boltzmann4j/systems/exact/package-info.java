/**
 * Exact references to test samplers against: the 1D phi^4 chain by transfer matrices, the
 * d-dimensional double well and the solvent-free dimer by one-dimensional quadrature.
 */
package org.boltzmann4j.systems.exact;
