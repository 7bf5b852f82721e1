package org.boltzmann4j.system;

import java.util.function.ToDoubleFunction;

/**
 * A named scalar function of one configuration, measured along chains.
 *
 * @param <C> configuration type ({@code double[]} for fields and particles, {@code byte[]} for spins)
 */
public interface Observable<C> {

    String name();

    double value(C configuration);

    static <C> Observable<C> of(String name, ToDoubleFunction<C> f) {
        return new Observable<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double value(C configuration) {
                return f.applyAsDouble(configuration);
            }
        };
    }
}
