package org.boltzmann4j.system;

/**
 * An observable that tells metastable states apart. A barrier crossing is counted when the value
 * goes from below {@code -threshold + centre} to above {@code threshold + centre} or back
 * (hysteresis), and free-energy profiles are drawn along it over {@code [low, high]}.
 *
 * @param observable the collective variable
 * @param centre     the barrier position
 * @param threshold  half-width of the hysteresis band around the centre
 * @param low        lower end of the profile range
 * @param high       upper end of the profile range
 */
public record OrderParameter<C>(Observable<C> observable, double centre, double threshold, double low, double high) {

    public String name() {
        return observable.name();
    }
}
