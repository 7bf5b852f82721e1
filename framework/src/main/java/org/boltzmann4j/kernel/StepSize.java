package org.boltzmann4j.kernel;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.boltzmann4j.core.Checkpointable;

/**
 * A proposal step size that adapts toward a target acceptance rate during warm-up
 * (Robbins-Monro on ln step with a decaying gain) and is fixed once frozen.
 */
public final class StepSize implements Checkpointable {

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

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeDouble(logStep);
        out.writeBoolean(frozen);
        out.writeLong(updates);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        logStep = in.readDouble();
        frozen = in.readBoolean();
        updates = in.readLong();
    }
}
