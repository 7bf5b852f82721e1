/**
 * Classical free-energy references for systems without an exact answer: umbrella sampling with
 * harmonic biases on a collective variable ({@link org.boltzmann4j.analysis.freeenergy.BiasedSystem},
 * {@link org.boltzmann4j.analysis.freeenergy.UmbrellaSampling}), the unbiased profile from
 * {@link org.boltzmann4j.analysis.freeenergy.Wham} or {@link org.boltzmann4j.analysis.freeenergy.Mbar}
 * with autocorrelation-aware errors and the full bin covariance, free-energy differences between
 * basins ({@link org.boltzmann4j.analysis.freeenergy.BasinFreeEnergy}), and mean first-passage
 * times and rates between metastable states ({@link org.boltzmann4j.analysis.freeenergy.Rates}).
 * Energies are reduced (units of kT).
 *
 * <pre>{@code
 * Phi4Chain chain = ...;
 * OrderParameter<double[]> op = chain.orderParameters().get(0);
 * CollectiveVariable phiMid = LinearCollectiveVariable.coordinate("phi_mid", chain.dimension(), chain.midIndex());
 * UmbrellaRun run = new UmbrellaSampling(s -> new Mala(s, new StepSize(0.05, 0.574, true)), 8, 1000, 10000)
 *         .run(chain, phiMid, op.low(), op.high(), 33, seed);
 * FreeEnergyEstimate wham = Wham.defaults().estimate(run, op.low(), op.high(), 64);
 * BasinFreeEnergy dF = BasinFreeEnergy.fromEstimate(wham, op.centre());
 * }</pre>
 */
package org.boltzmann4j.analysis.freeenergy;
