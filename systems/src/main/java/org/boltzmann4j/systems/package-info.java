/** The built-in systems (phi4 chain, double well, ...) and their registry. */
package org.boltzmann4j.systems;
