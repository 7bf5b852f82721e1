package org.boltzmann4j.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.boltzmann4j.sampler.Budget;

/**
 * Finishes work cleanly on SIGINT/SIGTERM: a JVM shutdown hook stops every {@link Budget}, so the
 * sampler returns what it has and the work writes its files marked as interrupted; if the work does
 * not finish within {@value #GRACE_SECONDS} s, the hook runs a fallback that writes what it can.
 * Open around the work, closed when its files are written.
 */
public final class Interruption implements AutoCloseable {

    static final long GRACE_SECONDS = 20;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private Interruption(Runnable fallback) {
        hook = new Thread(() -> {
            Budget.stopAll();
            try {
                if (!finished.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                    fallback.run();
                }
            } catch (InterruptedException e) {
                fallback.run();
            }
        }, "b4j-interruption");
    }

    /** Registers the shutdown hook; {@code fallback} writes what it can when the work does not finish in time. */
    public static Interruption install(Runnable fallback) {
        Interruption i = new Interruption(fallback);
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    /** True once a shutdown was requested. */
    public boolean requested() {
        return Budget.stoppedAll();
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and now returns at once
        }
    }
}
