/** Free-energy profiles -ln p(x) of an order parameter, sampled with error bars, and their CSV form. */
package org.boltzmann4j.analysis.profile;
