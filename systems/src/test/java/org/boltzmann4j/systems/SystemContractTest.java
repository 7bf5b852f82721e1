package org.boltzmann4j.systems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.boltzmann4j.core.Parameters;
import org.boltzmann4j.system.BoltzmannSystem;
import org.boltzmann4j.system.Configurations;
import org.boltzmann4j.system.ContinuousSystem;
import org.boltzmann4j.system.ExactReference;
import org.boltzmann4j.system.Observable;
import org.boltzmann4j.system.OrderParameter;
import org.boltzmann4j.system.SpinSystem;
import org.boltzmann4j.system.SymmetryGroup;
import org.boltzmann4j.system.SystemFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every registered system must satisfy, checked for each entry of {@link Systems#all()} at its
 * defaults and at its {@link SystemFactory#tiny()} parameters, so that a new system is checked
 * without anyone listing it: analytic ∇U against finite differences, local and batched energies
 * against U, U invariant under every element of an exact symmetry group, observables named as
 * documented, and its exact reference against brute force (enumeration or grid quadrature) where
 * the tiny system is small enough.
 */
class SystemContractTest {

    /** Group elements checked per group (all of them when the group is no larger). */
    private static final int ELEMENTS_CHECKED = 64;

    record Case(SystemFactory factory, String size, BoltzmannSystem<?> system) {
        @Override
        public String toString() {
            return factory.name() + " (" + size + ")";
        }
    }

    static Stream<Case> systems() {
        return Systems.all().stream().flatMap(f -> Stream.of(
                new Case(f, "defaults", f.create(Parameters.resolve(f.name(), f.parameters(), Map.of()))),
                new Case(f, "tiny", f.create(Parameters.resolve(f.name(), f.parameters(), f.tiny())))));
    }

    /** Configurations near each metastable state (perturbed) and a few random ones. */
    private static <C> List<C> probes(BoltzmannSystem<C> s) {
        SplittableRandom rng = new SplittableRandom(11);
        List<C> probes = new java.util.ArrayList<>();
        List<C> starts = new java.util.ArrayList<>(s.metastableStates());
        starts.add(s.newConfiguration());
        for (C start : starts) {
            C x = Configurations.copy(start);
            if (x instanceof double[] a) {
                for (int i = 0; i < a.length; i++) {
                    a[i] += 0.3 * rng.nextGaussian();
                }
            } else if (x instanceof byte[] b) {
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (rng.nextDouble() < 0.5 ? 1 : -1);
                }
            }
            probes.add(x);
        }
        return probes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void gradientLocalAndBatchedEnergiesAgreeWithU(Case c) {
        if (c.system() instanceof ContinuousSystem s) {
            for (double[] x : probes(s)) {
                double u = s.energy(x);
                assertTrue(Double.isFinite(u), "U finite near the declared states");
                double[] g = new double[x.length];
                assertEquals(u, s.energyAndGradient(x, g), 1e-10 * Math.max(1, Math.abs(u)));
                for (int i = 0; i < Math.min(x.length, 40); i++) {
                    double h = 1e-6 * Math.max(1, Math.abs(x[i]));
                    double[] y = x.clone();
                    y[i] = x[i] + h;
                    double up = s.energy(y);
                    y[i] = x[i] - h;
                    double fd = (up - s.energy(y)) / (2 * h);
                    assertEquals(fd, g[i], 1e-5 * Math.max(1, Math.abs(fd)) + 1e-7 * Math.abs(u), c + " dU/dx_" + i);
                    y[i] = x[i] + 0.37;
                    assertEquals(s.energy(y) - u, s.energyChange(x, i, y[i]), 1e-9 * Math.max(1, Math.abs(u)),
                            c + " energyChange at site " + i);
                }
                double[] batch = new double[2 * x.length];
                System.arraycopy(x, 0, batch, 0, x.length);
                System.arraycopy(x, 0, batch, x.length, x.length);
                double[] us = new double[2];
                s.energies(batch, 2, us);
                assertEquals(u, us[1], 1e-10 * Math.max(1, Math.abs(u)), c + " batched U");
            }
        } else if (c.system() instanceof SpinSystem s) {
            for (byte[] x : probes(s)) {
                double u = s.energy(x);
                for (int i = 0; i < Math.min(x.length, 40); i++) {
                    byte[] y = x.clone();
                    y[i] = (byte) -y[i];
                    assertEquals(s.energy(y) - u, s.energyChange(x, i), 1e-9 * Math.max(1, Math.abs(u)),
                            c + " energyChange at spin " + i);
                }
                byte[] batch = new byte[2 * x.length];
                System.arraycopy(x, 0, batch, x.length, x.length);
                double[] us = new double[2];
                s.energies(batch, 2, us);
                assertEquals(u, us[1], 1e-10 * Math.max(1, Math.abs(u)), c + " batched U");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void energyIsInvariantUnderExactSymmetries(Case c) {
        checkSymmetries(c, c.system());
    }

    private static <C> void checkSymmetries(Case c, BoltzmannSystem<C> s) {
        SymmetryGroup<C> group = s.symmetries();
        assertEquals(SymmetryGroup.IDENTITY, group.element(0).name());
        if (!group.exact()) {
            return;
        }
        SplittableRandom rng = new SplittableRandom(5);
        C image = s.newConfiguration();
        for (C x : probes(s)) {
            double u = s.energy(x);
            for (int k = 0; k < Math.min(group.order(), ELEMENTS_CHECKED); k++) {
                int g = group.order() <= ELEMENTS_CHECKED ? k : rng.nextInt(group.order());
                group.element(g).apply(x, image);
                assertEquals(u, s.energy(image), 1e-9 * Math.max(1, Math.abs(u)),
                        c + ": U not invariant under " + group.element(g).name());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void observablesAreDocumentedAndOrderParametersMeasured(Case c) {
        checkObservables(c, c.system());
    }

    private static <C> void checkObservables(Case c, BoltzmannSystem<C> s) {
        Set<String> names = new HashSet<>();
        for (Observable<C> o : s.observables()) {
            assertTrue(names.add(o.name()), c + ": observable " + o.name() + " listed twice");
            assertTrue(c.factory().observables().stream().anyMatch(d -> documents(d, o.name())),
                    c + ": observable " + o.name() + " is not documented in its registry entry");
            for (C x : s.metastableStates()) {
                assertTrue(Double.isFinite(o.value(x)), c + ": " + o.name() + " at a metastable state");
            }
        }
        for (OrderParameter<C> op : s.orderParameters()) {
            assertTrue(names.contains(op.name()), c + ": order parameter " + op.name() + " is not an observable");
        }
        s.derivedObservables().forEach(d -> assertTrue(c.factory().observables().stream()
                .anyMatch(doc -> documents(doc, d.name())), c + ": derived " + d.name() + " undocumented"));
        assertFalse(s.dimension() <= 0);
    }

    /** Whether a registry line "name: meaning" documents the observable; "correlator_t<t>" stands for t = 0, 1, … */
    private static boolean documents(String doc, String observable) {
        int colon = doc.indexOf(':');
        String name = colon < 0 ? doc : doc.substring(0, colon);
        int family = name.indexOf('<');
        return family < 0 ? observable.equals(name)
                : observable.startsWith(name.substring(0, family)) && observable.substring(family).matches("\\d+");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void exactReferenceAgreesWithBruteForce(Case c) {
        BoltzmannSystem<?> s = c.system();
        Optional<ExactReference> exact = s.exactReference();
        if (exact.isEmpty() || !c.size().equals("tiny")) {
            return;
        }
        BruteForce reference = BruteForce.of(s);
        if (reference == null) {
            return;
        }
        exact.get().lnZ().ifPresent(lnZ -> assertEquals(reference.lnZ, lnZ, 1e-4 * Math.max(1, Math.abs(lnZ)),
                c + ": ln Z"));
        for (Map.Entry<String, Double> e : exact.get().observables().entrySet()) {
            Double brute = reference.means.get(e.getKey());
            if (brute != null) {
                assertEquals(brute, e.getValue(), 2e-4, c + ": exact " + e.getKey());
            }
        }
        assertTrue(exact.get().observables().keySet().stream().anyMatch(reference.means::containsKey),
                c + ": the exact reference names none of the observables");
    }

    /** ln Z and observable means by exhaustive summation: enumeration of spins or a midpoint grid. */
    private record BruteForce(double lnZ, Map<String, Double> means) {

        private static final int SPINS = 16;
        private static final int COORDINATES = 2;
        private static final double HALF_WIDTH = 6;
        private static final int POINTS = 800;

        static BruteForce of(BoltzmannSystem<?> s) {
            if (s instanceof SpinSystem spins && s.dimension() <= SPINS) {
                return sum(spins, BruteForce::everySpinConfiguration, 1);
            }
            if (s instanceof ContinuousSystem c && s.dimension() <= COORDINATES) {
                double h = 2 * HALF_WIDTH / POINTS;
                return sum(c, visit -> grid(c.dimension(), h, visit), Math.pow(h, c.dimension()));
            }
            return null;
        }

        private static void everySpinConfiguration(Consumer<byte[]> visit, int d) {
            byte[] x = new byte[d];
            for (int index = 0; index < (1 << d); index++) {
                for (int i = 0; i < d; i++) {
                    x[i] = (byte) (((index >> i) & 1) == 1 ? 1 : -1);
                }
                visit.accept(x);
            }
        }

        private static void grid(int d, double h, Consumer<double[]> visit) {
            double[] x = new double[d];
            int points = (int) Math.pow(POINTS, d);
            for (int index = 0; index < points; index++) {
                int rest = index;
                for (int i = 0; i < d; i++) {
                    x[i] = -HALF_WIDTH + h * (rest % POINTS + 0.5);
                    rest /= POINTS;
                }
                visit.accept(x);
            }
        }

        private interface Points<C> {
            void each(Consumer<C> visit, int d);
        }

        private static <C> BruteForce sum(BoltzmannSystem<C> s, Points<C> points, double cell) {
            double shift = -s.energy(s.metastableStates().isEmpty() ? s.newConfiguration() : s.metastableStates().get(0));
            List<Observable<C>> observables = s.observables();
            double[] sums = new double[observables.size() + 1];
            points.each(x -> {
                double w = Math.exp(-s.energy(x) - shift);
                sums[0] += w;
                for (int o = 0; o < observables.size(); o++) {
                    sums[o + 1] += w * observables.get(o).value(x);
                }
            }, s.dimension());
            Map<String, Double> means = new java.util.HashMap<>();
            for (int o = 0; o < observables.size(); o++) {
                means.put(observables.get(o).name(), sums[o + 1] / sums[0]);
            }
            return new BruteForce(shift + Math.log(sums[0] * cell), means);
        }

        private static <C> BruteForce sum(SpinSystem s, Points<byte[]> points, double cell) {
            return sum((BoltzmannSystem<byte[]>) s, points, cell);
        }

        private static BruteForce sum(ContinuousSystem s, Consumer<Consumer<double[]>> grid, double cell) {
            return sum((BoltzmannSystem<double[]>) s, (visit, d) -> grid.accept(visit), cell);
        }
    }
}
