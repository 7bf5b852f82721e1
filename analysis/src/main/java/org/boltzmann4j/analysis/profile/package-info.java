/**
 * Free-energy profiles -ln p(x) of an order parameter and surfaces -ln p(x, y) over two, sampled with
 * error bars, and their CSV form.
 */
package org.boltzmann4j.analysis.profile;
