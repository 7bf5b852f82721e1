package org.boltzmann4j.kernel.spin;

/** The order in which a single-spin sweep visits the N sites. */
public enum SiteOrder {
    /** Sites 0, 1, ..., N-1 (typewriter order); no random numbers spent on the choice. */
    SEQUENTIAL,
    /** N sites drawn uniformly with replacement. */
    RANDOM
}
