package org.boltzmann4j.core;

/**
 * The one exception type users see. Its {@link Kind} decides the exit status of the command line:
 * bad input (2) or a failure while running (1). The message is a single line meant for a person.
 */
public final class B4jException extends RuntimeException {

    /** What went wrong, which fixes the process exit status. */
    public enum Kind {
        /** Bad usage or bad input: unknown name or key, out-of-range value, malformed file. */
        BAD_INPUT(2),
        /** A failure while running: NaN energy, diverging model, I/O error. */
        FAILURE(1);

        private final int exitStatus;

        Kind(int exitStatus) {
            this.exitStatus = exitStatus;
        }

        public int exitStatus() {
            return exitStatus;
        }
    }

    private final Kind kind;

    private B4jException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static B4jException badInput(String format, Object... args) {
        return new B4jException(Kind.BAD_INPUT, String.format(format, args), null);
    }

    public static B4jException failure(String format, Object... args) {
        return new B4jException(Kind.FAILURE, String.format(format, args), null);
    }

    public static B4jException failure(Throwable cause, String format, Object... args) {
        return new B4jException(Kind.FAILURE, String.format(format, args), cause);
    }

    public Kind kind() {
        return kind;
    }
}
