/**
 * Classical free-energy references for systems without an exact answer: the windows of umbrella
 * sampling ({@link org.boltzmann4j.sampler.UmbrellaSampling}, harmonic biases
 * {@link org.boltzmann4j.system.BiasedSystem} on a {@link org.boltzmann4j.system.CollectiveVariable})
 * combined into the unbiased profile by
 * {@link org.boltzmann4j.analysis.freeenergy.Wham} or {@link org.boltzmann4j.analysis.freeenergy.Mbar}
 * (which also reweights the windows' observables to the unbiased system)
 * with autocorrelation-aware errors and the full bin covariance, free-energy differences between
 * basins ({@link org.boltzmann4j.analysis.freeenergy.BasinFreeEnergy}), and mean first-passage
 * times and rates between metastable states ({@link org.boltzmann4j.analysis.freeenergy.Rates}).
 * Energies are reduced (units of kT).
 *
 * <pre>{@code
 * Phi4Chain chain = ...;
 * OrderParameter<double[]> op = chain.orderParameters().get(0);
 * CollectiveVariable phiMid = LinearCollectiveVariable.coordinate("phi_mid", chain.dimension(), chain.midIndex());
 * double[] centres = UmbrellaSampling.centres(op.low(), op.high(), 33);
 * UmbrellaRun run = new UmbrellaSampling(s -> new Mala(s, new StepSize(0.05, 0.574, true)), 8, 0.1, 33, 0)
 *         .run(chain, phiMid, centres, UmbrellaSampling.kappaForSpacing(centres[1] - centres[0]),
 *              new RunContext(Budget.steps(33 * 11000), seed, Progress.SILENT, null))
 *         .umbrella();
 * FreeEnergyEstimate wham = Wham.defaults().estimate(run, op.low(), op.high(), 64);
 * BasinFreeEnergy dF = BasinFreeEnergy.fromEstimate(wham, op.centre());
 * }</pre>
 */
package org.boltzmann4j.analysis.freeenergy;
