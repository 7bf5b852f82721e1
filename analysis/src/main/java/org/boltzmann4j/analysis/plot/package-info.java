/** PNG plots of profiles, free-energy surfaces (heat maps), traces and training curves (JFreeChart, headless). */
package org.boltzmann4j.analysis.plot;
