/** Small neural-network building blocks on plain arrays: the Adam optimizer. */
package org.boltzmann4j.model.nn;
