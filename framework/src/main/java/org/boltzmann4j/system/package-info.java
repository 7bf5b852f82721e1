/** Boltzmann densities exp(-U): the system types users subclass, observables, order parameters and symmetries. */
package org.boltzmann4j.system;
