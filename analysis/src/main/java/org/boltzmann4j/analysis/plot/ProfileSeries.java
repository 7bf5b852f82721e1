package org.boltzmann4j.analysis.plot;

import org.boltzmann4j.analysis.profile.Profile;
import org.boltzmann4j.core.B4jException;

/**
 * A sampled free-energy profile with its legend label and, optionally, the exact curve it estimates
 * (drawn as a line in the same colour).
 *
 * @param label   legend text, e.g. the sampler name
 * @param profile the profile with error bars
 * @param exactX  points of the exact curve, or null
 * @param exactF  exact F at those points, with the profile's zero, or null
 */
public record ProfileSeries(String label, Profile profile, double[] exactX, double[] exactF) {

    public ProfileSeries {
        if ((exactX == null) != (exactF == null) || exactX != null && exactX.length != exactF.length) {
            throw B4jException.badInput("exact profile of %s needs as many F values as x values", label);
        }
    }

    /** A profile without an exact curve of its own. */
    public ProfileSeries(String label, Profile profile) {
        this(label, profile, null, null);
    }
}
