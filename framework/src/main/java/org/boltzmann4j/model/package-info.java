/** Generative models with exact log-density and i.i.d. sampling, and what they share (symmetrization, training guards). */
package org.boltzmann4j.model;
