package org.boltzmann4j.system;

/** Copies of configurations, whatever their array type. */
public final class Configurations {

    private Configurations() {
    }

    /** A deep copy of a {@code double[]} or {@code byte[]} configuration. */
    @SuppressWarnings("unchecked")
    public static <C> C copy(C x) {
        if (x instanceof double[] a) {
            return (C) a.clone();
        }
        if (x instanceof byte[] a) {
            return (C) a.clone();
        }
        throw new IllegalArgumentException("configurations are double[] or byte[], not " + x.getClass());
    }
}
