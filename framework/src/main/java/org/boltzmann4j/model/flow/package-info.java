/**
 * Normalizing flows: {@link org.boltzmann4j.model.flow.RealNvp}, an affine-coupling flow with exact
 * ln q, trained by maximum likelihood or by reverse KL from the energy, over a
 * {@link org.boltzmann4j.model.flow.BaseDistribution} (standard normal or a Gaussian given by its
 * precision matrix). Layers are fused kernels: hand-written forward and backward passes, BLAS GEMM
 * in native memory, element-wise work in Java.
 */
package org.boltzmann4j.model.flow;
