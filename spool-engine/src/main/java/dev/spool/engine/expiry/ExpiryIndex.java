package dev.spool.engine.expiry;

import dev.spool.engine.deadline.DeadlineIndex;

/**
 * The ready messages of one queue that can expire, by expiry time, so that an expired message is found wherever it
 * sits: RabbitMQ only drops expired messages when they reach the head of the queue (a short-TTL message behind a
 * long-TTL one waits for it); Spool drops each one when its own time comes. Keyed by the message's position in the
 * queue (its entry id), 16 bytes per expiring message plus its slot in a primitive map; messages without a TTL cost
 * nothing here.
 *
 * <p><b>How soon.</b> The queue arms one timer for {@link #nextExpiry()} (re-armed whenever that changes, coalesced to
 * a 10 ms tick) and, when it fires, drains {@link #pollExpired} and dead-letters each message with reason
 * {@code expired}. So a message leaves within about 10 ms of its expiry plus the time the timer thread needs under
 * load, whether it is at the head or not. The queue also drains before every dispatch and basic.get, so an expired
 * message is never delivered.
 *
 * <p><b>How the queue calls it</b> (under its lock): {@link #track} on enqueue when
 * {@link MessageExpiration#expiresAt} is not {@code NEVER} (after first offering a TTL-0 message to a consumer with
 * credit, as RabbitMQ does); {@link #untrack} when the message is delivered (TTL stops counting while it is
 * unacknowledged; the queue keeps the returned time with the unacknowledged entry), purged or dropped by overflow;
 * {@link #track} again with the kept time when it is requeued, so an already expired message goes at the next drain.
 * The expiry time is stored with the message, so recovery re-tracks every ready message.
 *
 * <p>Not thread-safe: owned by one queue, under its lock.
 */
public final class ExpiryIndex {
    /** What {@link #pollExpired} returns when nothing has expired. */
    public static final long NONE = DeadlineIndex.NONE;

    private final DeadlineIndex deadlines = new DeadlineIndex();

    /** Tracks the ready message at {@code position}, expiring at {@code expiresAt}; ignores {@code NEVER}. */
    public void track(long position, long expiresAt) {
        if (expiresAt != MessageExpiration.NEVER) {
            deadlines.schedule(position, expiresAt);
        }
    }

    /**
     * Stops tracking the message at {@code position} (delivered, purged, dropped).
     *
     * @return its expiry time, or {@link MessageExpiration#NEVER} when it was not tracked
     */
    public long untrack(long position) {
        long expiresAt = deadlines.cancel(position);
        return expiresAt == DeadlineIndex.NONE ? MessageExpiration.NEVER : expiresAt;
    }

    /** The earliest expiry time, or {@link MessageExpiration#NEVER}: when to arm the queue's timer. */
    public long nextExpiry() {
        long next = deadlines.nextDeadline();
        return next == DeadlineIndex.NEVER ? MessageExpiration.NEVER : next;
    }

    /**
     * Removes and returns the position of a message whose expiry time is at or before {@code now}, earliest first
     * (ties in position order).
     *
     * @return the position, or {@link #NONE}
     */
    public long pollExpired(long now) {
        return deadlines.pollDue(now);
    }

    /** Messages tracked. */
    public int size() {
        return deadlines.size();
    }

    public void clear() {
        deadlines.clear();
    }
}
