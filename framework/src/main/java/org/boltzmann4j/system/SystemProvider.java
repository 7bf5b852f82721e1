package org.boltzmann4j.system;

import java.util.List;

/**
 * The service through which a user's own jar adds systems: implement it (public, with a public
 * no-argument constructor), name the class in {@code META-INF/services/org.boltzmann4j.system.SystemProvider}
 * and pass the jar with {@code b4j --classpath JAR} (or {@code B4J_CLASSPATH}). Its systems then run
 * through {@code b4j run} and suites like built-in ones.
 */
public interface SystemProvider {

    /** The systems this provider adds; names must not clash with built-in ones. */
    List<SystemFactory> systems();
}
