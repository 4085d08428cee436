package dev.spool.engine;

/**
 * The engine's source of wall-clock time, passed in through constructors so that time-dependent behaviour (message
 * TTL, queue expiry, consumer timeouts) runs on a controllable clock in tests instead of {@code sleep}.
 * Implementations must be thread-safe and cheap: the publish path reads it once per message.
 */
@FunctionalInterface
public interface Clock {
    /** Milliseconds since the Unix epoch. */
    long millis();

    /**
     * This clock, or a cheaper view of it that may lag by a few milliseconds, for timing done on every message
     * (statistics). A test clock is its own coarse view.
     */
    default Clock coarse() {
        return this;
    }

    /** The system clock. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
