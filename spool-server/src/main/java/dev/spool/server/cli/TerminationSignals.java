package dev.spool.server.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns the first SIGTERM or SIGINT into a request to stop, so the main thread can close the broker and exit with
 * status 0. (Left to the JVM, either signal runs the shutdown hooks and exits with 143 or 130, which service managers
 * report as a failure.) After the first signal the JVM's default handling comes back, so a second one ends the
 * process at once even if the shutdown hangs.
 *
 * <p>Handlers run on the JVM's signal dispatcher thread and only count down a latch; the main thread waits in
 * {@link #await()}. Where a signal cannot be handled (not on this platform), the JVM's default stays in place and the
 * server command's shutdown hook still closes the broker.
 */
final class TerminationSignals implements SignalHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TerminationSignals.class);
    private static final String[] NAMES = {"TERM", "INT"};

    private final CountDownLatch received = new CountDownLatch(1);

    private TerminationSignals() {
    }

    /** Installs handlers for SIGTERM and SIGINT. */
    static TerminationSignals install() {
        TerminationSignals signals = new TerminationSignals();
        for (String name : NAMES) {
            try {
                Signal.handle(new Signal(name), signals);
            } catch (IllegalArgumentException e) {
                LOG.debug("Cannot handle SIG{} here; the JVM's default applies", name, e);
            }
        }
        return signals;
    }

    @Override
    public void handle(Signal signal) {
        LOG.info("Received SIG{}, shutting down", signal.getName());
        for (String name : NAMES) {
            Signal.handle(new Signal(name), SignalHandler.SIG_DFL);
        }
        received.countDown();
    }

    /** Blocks until SIGTERM or SIGINT arrives. */
    void await() throws InterruptedException {
        received.await();
    }
}
