/** Parameters, their specifications and the one user-facing exception type. */
package org.boltzmann4j.core;
