package org.boltzmann4j.core;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Declares one named parameter of a system or sampler: its type, default, allowed range, unit and
 * meaning. {@link #parse(String)} turns user text into a checked value or a {@link B4jException}
 * naming the key, the value and what is allowed.
 *
 * @param name        the key users pass with {@code --set}
 * @param type        value type
 * @param defaultValue default (Double, Integer, Boolean or String; a path is a String)
 * @param min         inclusive lower bound for numbers
 * @param max         inclusive upper bound for numbers
 * @param choices     allowed values of a {@link Type#CHOICE}
 * @param unit        unit or empty
 * @param description one line for {@code b4j systems}/{@code b4j samplers}
 */
public record ParameterSpec(String name, Type type, Object defaultValue, double min, double max,
                            List<String> choices, String unit, String description) {

    /** Value types of parameters. */
    public enum Type { REAL, INTEGER, BOOLEAN, CHOICE, PATH, TEXT }

    public static ParameterSpec real(String name, double def, double min, double max, String unit, String description) {
        return new ParameterSpec(name, Type.REAL, def, min, max, List.of(), unit, description);
    }

    public static ParameterSpec integer(String name, int def, int min, int max, String description) {
        return new ParameterSpec(name, Type.INTEGER, def, min, max, List.of(), "", description);
    }

    public static ParameterSpec flag(String name, boolean def, String description) {
        return new ParameterSpec(name, Type.BOOLEAN, def, 0, 1, List.of(), "", description);
    }

    public static ParameterSpec choice(String name, String def, List<String> choices, String description) {
        return new ParameterSpec(name, Type.CHOICE, def, 0, 0, List.copyOf(choices), "", description);
    }

    /** A file or directory; the empty default means none. Parsed to an absolute, normalized path. */
    public static ParameterSpec path(String name, String description) {
        return new ParameterSpec(name, Type.PATH, "", 0, 0, List.of(), "", description);
    }

    /** Free text whose form the description gives and its user checks (trimmed). */
    public static ParameterSpec text(String name, String def, String description) {
        return new ParameterSpec(name, Type.TEXT, def, 0, 0, List.of(), "", description);
    }

    /** Parses and range-checks a user-supplied value. */
    public Object parse(String text) {
        String t = text.trim();
        switch (type) {
            case REAL -> {
                double v;
                try {
                    v = Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw badValue(text, "a real number in " + range());
                }
                if (!(v >= min && v <= max)) {
                    throw badValue(text, "a real number in " + range());
                }
                return v;
            }
            case INTEGER -> {
                long v;
                try {
                    v = Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw badValue(text, "an integer in " + range());
                }
                if (v < min || v > max) {
                    throw badValue(text, "an integer in " + range());
                }
                return (int) v;
            }
            case BOOLEAN -> {
                String l = t.toLowerCase(Locale.ROOT);
                if (l.equals("true") || l.equals("false")) {
                    return Boolean.parseBoolean(l);
                }
                throw badValue(text, "true or false");
            }
            case CHOICE -> {
                if (choices.contains(t)) {
                    return t;
                }
                throw badValue(text, "one of " + String.join(", ", choices));
            }
            case PATH -> {
                try {
                    return t.isEmpty() ? "" : Path.of(t).toAbsolutePath().normalize().toString();
                } catch (InvalidPathException e) {
                    throw badValue(text, "a path");
                }
            }
            case TEXT -> {
                return t;
            }
            default -> throw new IllegalStateException(type.toString());
        }
    }

    /** Human-readable allowed values, e.g. {@code [0, 1e+03]} or {@code modes|one-mode}. */
    public String allowed() {
        return switch (type) {
            case REAL, INTEGER -> range();
            case BOOLEAN -> "true|false";
            case CHOICE -> String.join("|", choices);
            case PATH -> "a path (empty: none)";
            case TEXT -> "text";
        };
    }

    private String range() {
        return "[" + fmt(min) + ", " + fmt(max) + "]";
    }

    /** Short forms: 20, 0.1, 1048576, 1e-06, 1e+06, inf. */
    private static String fmt(double v) {
        if (v == Double.POSITIVE_INFINITY || v >= Integer.MAX_VALUE) {
            return "inf";
        }
        if (v == Double.NEGATIVE_INFINITY || v <= Integer.MIN_VALUE) {
            return "-inf";
        }
        double a = Math.abs(v);
        boolean largePowerOfTen = a >= 1e5 && Math.log10(a) == Math.rint(Math.log10(a));
        if (v == Math.rint(v) && a < 1e9 && !largePowerOfTen) {
            return Long.toString((long) v);
        }
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(java.util.Locale.ROOT, "%.3g", v).replaceAll("\\.?0+e", "e");
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private B4jException badValue(String text, String allowed) {
        return B4jException.badInput("%s=%s is not allowed: %s must be %s", name, text, name, allowed);
    }
}
