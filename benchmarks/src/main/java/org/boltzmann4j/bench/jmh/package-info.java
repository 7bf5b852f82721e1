/**
 * JMH micro-benchmarks of the hot paths: energy and gradient kernels, local moves, flow training
 * steps and sampling. Run with
 * {@code java -cp "benchmarks/target/b4j.jar:benchmarks/target/lib/*" org.openjdk.jmh.Main [REGEX]}.
 */
package org.boltzmann4j.bench.jmh;
