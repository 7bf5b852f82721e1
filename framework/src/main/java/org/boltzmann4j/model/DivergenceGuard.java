package org.boltzmann4j.model;

import org.boltzmann4j.core.B4jException;

/**
 * Watches a training loss and stops training that diverges: a NaN or infinite loss, or a loss that
 * jumps far above its running minimum for several steps in a row.
 */
public final class DivergenceGuard {

    private final String what;
    private final double tolerance;
    private final int patience;
    private double best = Double.POSITIVE_INFINITY;
    private double scale = 1;
    private int bad;
    private long step;

    /**
     * @param what      what is trained, for the message
     * @param tolerance how many loss scales above the best loss counts as a bad step
     * @param patience  bad steps in a row that count as divergence
     */
    public DivergenceGuard(String what, double tolerance, int patience) {
        this.what = what;
        this.tolerance = tolerance;
        this.patience = patience;
    }

    public static DivergenceGuard standard(String what) {
        return new DivergenceGuard(what, 1e3, 20);
    }

    /** Records a loss; throws {@link B4jException} (failure) when training has diverged. */
    public void check(double loss) {
        step++;
        if (!Double.isFinite(loss)) {
            throw B4jException.failure("%s diverged: loss is %s at training step %d", what, loss, step);
        }
        if (loss < best) {
            scale = Math.max(1, Math.abs(loss) * 1e-2 + Math.max(0, best == Double.POSITIVE_INFINITY ? 0 : best - loss));
            best = loss;
            bad = 0;
            return;
        }
        if (loss > best + tolerance * scale) {
            if (++bad >= patience) {
                throw B4jException.failure("%s diverged: loss %.4g at training step %d, far above its best %.4g",
                        what, loss, step, best);
            }
        } else {
            bad = 0;
        }
    }
}
