/** PNG plots of profiles, traces and training curves (JFreeChart, headless). */
package org.boltzmann4j.analysis.plot;
