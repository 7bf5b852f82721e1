/** Local Markov kernels that leave exp(-U) invariant, run over many chains at once. */
package org.boltzmann4j.kernel;
