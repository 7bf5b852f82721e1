package org.boltzmann4j.kernel;

/**
 * A transition kernel that leaves exp(-U) invariant, applied to every chain of a {@link Chains}.
 * A kernel may adapt its tuning (step sizes) until {@link #freeze()}; after that it is a fixed,
 * exact Markov kernel.
 */
public interface MarkovKernel<C> {

    /** Advances every chain by one sweep: one attempted update per degree of freedom. */
    void sweep(Chains<C> chains);

    /** Acceptance rate since the last {@link #resetAcceptance()}; 1 for rejection-free kernels. */
    double acceptance();

    void resetAcceptance();

    /** Stops adaptation for good; from now on the kernel is exactly invariant. */
    void freeze();
}
