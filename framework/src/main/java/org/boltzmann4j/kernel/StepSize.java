package org.boltzmann4j.kernel;

/**
 * A proposal step size that adapts toward a target acceptance rate during warm-up
 * (Robbins-Monro on ln step with a decaying gain) and is fixed once frozen.
 */
public final class StepSize {

    private final double target;
    private double logStep;
    private boolean frozen;
    private long updates;

    public StepSize(double initial, double target, boolean adaptive) {
        if (!(initial > 0)) {
            throw new IllegalArgumentException("step size must be positive: " + initial);
        }
        this.logStep = Math.log(initial);
        this.target = target;
        this.frozen = !adaptive;
    }

    public double value() {
        return Math.exp(logStep);
    }

    public double target() {
        return target;
    }

    /** Moves ln step by gain × (observed - target) unless frozen. */
    public void adapt(double observedAcceptance) {
        if (frozen || Double.isNaN(observedAcceptance)) {
            return;
        }
        updates++;
        double gain = 1.0 / Math.pow(updates + 10, 0.6);
        logStep += 2 * gain * (observedAcceptance - target);
        logStep = Math.max(-30, Math.min(10, logStep));
    }

    public void freeze() {
        frozen = true;
    }
}
