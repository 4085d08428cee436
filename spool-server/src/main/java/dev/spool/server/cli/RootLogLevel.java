package dev.spool.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log_level} to the root logger. The server command does this for its own process; the broker itself
 * never touches logging setup, so tests embedding it keep their own. Called once on the main thread before start.
 */
final class RootLogLevel {
    private RootLogLevel() {
    }

    /** Sets the root logger's level when logback is the SLF4J backend; does nothing otherwise. */
    static void set(String level) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.toLevel(level, Level.INFO));
        }
    }
}
