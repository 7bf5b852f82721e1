package org.boltzmann4j.analysis.plot;

import org.boltzmann4j.analysis.profile.Profile;

/**
 * A sampled free-energy profile with its legend label.
 *
 * @param label   legend text, e.g. the sampler name
 * @param profile the profile with error bars
 */
public record ProfileSeries(String label, Profile profile) {
}
