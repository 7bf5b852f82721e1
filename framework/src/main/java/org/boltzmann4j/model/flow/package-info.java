/**
 * Normalizing flows with exact ln q, trained by maximum likelihood or by reverse KL from the energy
 * ({@link org.boltzmann4j.model.flow.Flow}): {@link org.boltzmann4j.model.flow.RealNvp}, affine
 * couplings with dense conditioners, and {@link org.boltzmann4j.model.flow.ConvFlow}, checkerboard
 * couplings with circular convolutions for lattice fields (translation-equivariant, optionally
 * sign-flip equivariant), both stacks of coupling layers sharing one driver, over a
 * {@link org.boltzmann4j.model.flow.BaseDistribution} (standard normal or a Gaussian given by its
 * precision matrix). Layers are fused kernels: hand-written forward and backward passes, BLAS GEMM
 * in native memory (convolutions as im2col + GEMM), element-wise work in Java.
 * {@link org.boltzmann4j.model.flow.Eacf} is the flow for particles: couplings between positions
 * and auxiliary particles that are exactly equivariant under rotations, reflections, permutations
 * and translations, on the centre-of-mass-free subspace, in plain Java loops.
 */
package org.boltzmann4j.model.flow;
