/** Samplers: local kernels, generative models and their combination, run within a budget into a raw RunRecord. */
package org.boltzmann4j.sampler;
