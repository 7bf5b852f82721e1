/** Plain numeric CSV files: the data a run leaves behind and its plots are drawn from. */
package org.boltzmann4j.analysis.io;
