package org.boltzmann4j.run;

import java.util.Locale;

import org.boltzmann4j.core.B4jException;

/** Parses wall-clock budgets such as {@code 90s}, {@code 5m}, {@code 1h} or plain seconds. */
public final class Durations {

    private Durations() {
    }

    public static double seconds(String text) {
        return seconds("--budget", text);
    }

    /** A positive duration given to {@code option}. */
    public static double seconds(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        double unit = 1;
        if (t.endsWith("ms")) {
            unit = 1e-3;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3600;
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t) * unit;
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw B4jException.badInput("%s %s is not a duration: use a positive number with s, m or h (90s, 5m, 1h)", option, text);
    }
}
