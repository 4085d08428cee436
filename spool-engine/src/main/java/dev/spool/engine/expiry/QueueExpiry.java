package dev.spool.engine.expiry;

/**
 * {@code x-expires}: a queue left unused for that long is deleted (its messages are not dead-lettered, as in
 * RabbitMQ). Unused means no consumers, no basic.get and no redeclaration; the countdown starts when the queue is
 * declared, recovered after a restart, or loses its last consumer, and restarts on every basic.get or redeclaration.
 *
 * <p><b>How the queue calls it</b> (under its lock): {@link #used} on declare, redeclare, basic.get and recovery;
 * {@link #consumersChanged} whenever its consumer count changes; after either, it re-arms its expiry timer for
 * {@link #deadline()}, and when the timer fires asks {@link #isExpired} (a use may have raced the timer) before asking
 * its virtual host to delete it.
 *
 * <p>Not thread-safe: owned by one queue, under its lock.
 */
public final class QueueExpiry {
    private final long expiresAfter;
    private long lastUsed;
    private int consumers;

    /**
     * @param expiresAfter the resolved {@code x-expires} in ms (at least 1)
     * @param now          the clock at declaration or recovery
     */
    public QueueExpiry(long expiresAfter, long now) {
        if (expiresAfter < 1) {
            throw new IllegalArgumentException("x-expires must be at least 1 ms: " + expiresAfter);
        }
        this.expiresAfter = expiresAfter;
        this.lastUsed = now;
    }

    /** A basic.get, a redeclaration, or recovery. */
    public void used(long now) {
        lastUsed = now;
    }

    /** The queue now has {@code count} consumers. Losing the last one restarts the countdown. */
    public void consumersChanged(int count, long now) {
        if (count == 0 && consumers > 0) {
            lastUsed = now;
        }
        consumers = count;
    }

    /** When the queue expires if nothing uses it, or {@link MessageExpiration#NEVER} while it has consumers. */
    public long deadline() {
        if (consumers > 0) {
            return MessageExpiration.NEVER;
        }
        long deadline = lastUsed + expiresAfter;
        return deadline < lastUsed ? MessageExpiration.NEVER : deadline;
    }

    public boolean isExpired(long now) {
        return now >= deadline();
    }
}
