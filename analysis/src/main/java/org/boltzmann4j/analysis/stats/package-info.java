/**
 * Monte Carlo statistics: means with autocorrelation-aware errors, integrated autocorrelation
 * times, effective sample sizes, split R-hat, importance-weighted estimates and barrier crossings.
 */
package org.boltzmann4j.analysis.stats;
