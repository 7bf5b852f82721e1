/**
 * Exact references to test samplers against: the 1D phi^4 chain by transfer matrices and the
 * d-dimensional double well by one-dimensional quadrature.
 */
package org.boltzmann4j.systems.exact;
