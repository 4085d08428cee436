package dev.spool.server.cli;

import dev.spool.server.SpoolServer;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGHUP into a reload of the TLS certificate, key and CA files, as a service manager's {@code reload} sends it:
 * new connections get the new certificate, open connections are not dropped. A reload that fails is logged and the
 * certificate in use stays. (Left to the JVM, SIGHUP would end the process.)
 *
 * <p>The handler runs on the JVM's signal dispatcher thread; {@link SpoolServer#reloadTls()} is thread-safe. Where
 * SIGHUP cannot be handled (not on this platform), the JVM's default stays.
 */
final class ReloadSignal implements SignalHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);

    /** Set once the broker has started; written by the main thread, read by the signal dispatcher thread. */
    private volatile SpoolServer server;

    private ReloadSignal() {
    }

    /** Installs the SIGHUP handler; until {@link #attach} it only logs that the broker is still starting. */
    static ReloadSignal install() {
        ReloadSignal handler = new ReloadSignal();
        try {
            Signal.handle(new Signal("HUP"), handler);
        } catch (IllegalArgumentException e) {
            LOG.debug("Cannot handle SIGHUP here; the JVM's default applies", e);
        }
        return handler;
    }

    /** From now on SIGHUP reloads {@code started}'s TLS files. */
    void attach(SpoolServer started) {
        this.server = started;
    }

    @Override
    public void handle(Signal signal) {
        SpoolServer server = this.server;
        if (server == null) {
            LOG.warn("Received SIGHUP while starting: ignored, send it again once Spool has started");
            return;
        }
        LOG.info("Received SIGHUP, reloading TLS certificates");
        try {
            server.reloadTls();
        } catch (IOException | RuntimeException e) {
            LOG.error("TLS reload failed, the certificate in use stays: {}", e.getMessage());
        }
    }
}
