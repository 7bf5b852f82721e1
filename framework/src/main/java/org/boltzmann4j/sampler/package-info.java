/**
 * Samplers: local kernels, generative models and their combination, run within a budget into a raw
 * RunRecord. Every chain sampler is a composition on one cycle loop, {@link org.boltzmann4j.sampler.CycleEngine}:
 * a cycle is a list of {@link org.boltzmann4j.sampler.Step}s ({@link org.boltzmann4j.sampler.Sweeps} of any
 * Markov kernel, {@link org.boltzmann4j.sampler.ModelProposals}, a training step {@code ModelFit} with
 * objective ml, kl or mixed), repeated through an adaptive phase (warm-up or training) and a frozen, recorded
 * production phase.
 */
package org.boltzmann4j.sampler;
