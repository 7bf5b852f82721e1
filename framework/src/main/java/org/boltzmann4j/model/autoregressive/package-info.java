/**
 * Autoregressive models of spin configurations, q(s) = Π_i q(s_i | s_&lt;i), with exact ln q,
 * fast site-by-site sampling, conditional regeneration of the last sites, and reverse-KL training
 * from the energy alone (Wu, Wang and Zhang, PRL 122, 080602 (2019)).
 */
package org.boltzmann4j.model.autoregressive;
