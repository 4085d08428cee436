package dev.spool.engine.queue;

import dev.spool.engine.Timers;
import dev.spool.engine.deadline.DeadlineIndex;
import dev.spool.engine.expiry.ExpiryIndex;
import dev.spool.engine.expiry.MessageExpiration;
import dev.spool.engine.message.Message;

/**
 * One queue's message TTLs: the expiry times of its ready messages ({@link ExpiryIndex}, so an expired message is found
 * wherever it sits), the kept expiry times of its unacknowledged ones (they do not age while delivered, and keep their
 * time when requeued), and the one timer armed for the earliest expiry. A queue whose messages have no TTL never
 * touches more than {@link #active()}.
 *
 * <p><b>TTL 0.</b> A message that arrives is not tracked at once: the queue first offers it to a consumer with credit
 * ({@link #arrived}, then {@link #settleArrival} after dispatching), so a message with TTL 0 is delivered when a
 * consumer can take it and expires at once otherwise, as in RabbitMQ.
 *
 * <p>Not thread-safe: owned by its queue, under the queue's lock. The timer task takes that lock.
 */
final class MessageTtl {
    /**
     * After the timer ran, the next one is armed at least this much later, so a queue whose messages expire every
     * millisecond wakes at most 100 times a second; nothing is delivered late-expired meanwhile, since the queue also
     * drains before every delivery.
     */
    static final long TICK_MILLIS = 10;

    private final ExpiryIndex ready = new ExpiryIndex();
    /** Unacknowledged entries' expiry times, by entry id (used as a map: never polled). */
    private final DeadlineIndex parked = new DeadlineIndex();
    private final Timers timers;
    private final Runnable onTimer;
    private Timers.Cancellable timer = Timers.Cancellable.NONE;
    private long armedFor = MessageExpiration.NEVER;
    /** The earliest time the timer may be armed for (the last run plus a tick). */
    private long notBefore = Long.MIN_VALUE;
    private long arrivingId;
    private long arrivingExpiry;

    /**
     * @param timers  the queue's timers
     * @param onTimer what the timer runs (the queue's expiry drain, which takes the queue's lock)
     */
    MessageTtl(Timers timers, Runnable onTimer) {
        this.timers = timers;
        this.onTimer = onTimer;
    }

    /** When a message arriving now expires, or {@link MessageExpiration#NEVER}. */
    static long expiresAt(Message message, long queueTtl, long now) {
        return MessageExpiration.expiresAt(now, message.ttl(), queueTtl);
    }

    /** Whether any message is tracked (ready or unacknowledged): when false the queue skips every other call. */
    boolean active() {
        return ready.size() > 0 || parked.size() > 0 || arrivingId != 0;
    }

    /** Whether some ready message may have expired by now. */
    boolean hasReady() {
        return ready.size() > 0;
    }

    /** A message just enqueued as entry {@code id}, expiring at {@code expiresAt}: tracked after the dispatch. */
    void arrived(long id, long expiresAt) {
        arrivingId = id;
        arrivingExpiry = expiresAt;
    }

    /** After the dispatch that followed {@link #arrived}: tracks the arriving entry if it is still ready. */
    void settleArrival() {
        if (arrivingId != 0) {
            ready.track(arrivingId, arrivingExpiry);
            arrivingId = 0;
        }
    }

    /** Entry {@code id} went out for delivery: its time stops counting and is kept for a requeue. */
    void delivered(long id, boolean noAck) {
        long expiresAt;
        if (id == arrivingId) {
            arrivingId = 0;
            expiresAt = arrivingExpiry;
        } else {
            expiresAt = ready.untrack(id);
        }
        if (!noAck && expiresAt != MessageExpiration.NEVER) {
            parked.schedule(id, expiresAt);
        }
    }

    /** Entry {@code id} was settled (acked, rejected): forgets its kept time. */
    void settled(long id) {
        if (parked.size() > 0) {
            parked.cancel(id);
        }
    }

    /** Entry {@code id} is ready again: tracked with its original expiry time. */
    void requeued(long id) {
        if (parked.size() > 0) {
            long expiresAt = parked.cancel(id);
            if (expiresAt != DeadlineIndex.NONE) {
                ready.track(id, expiresAt);
            }
        }
    }

    /** Ready entry {@code id} left the queue otherwise (removed, dropped by overflow). */
    void removed(long id) {
        if (id == arrivingId) {
            arrivingId = 0;
        } else if (ready.size() > 0) {
            ready.untrack(id);
        }
    }

    /** Tracks a ready entry recovered after a restart. */
    void recovered(long id, long expiresAt) {
        ready.track(id, expiresAt);
    }

    /** The next ready entry that expired by {@code now}, or {@link ExpiryIndex#NONE}. */
    long pollExpired(long now) {
        return ready.pollExpired(now);
    }

    /** Every ready message went (purge). */
    void readyCleared() {
        ready.clear();
        arrivingId = 0;
    }

    /** The queue is gone: forgets everything and cancels the timer. */
    void clear() {
        ready.clear();
        parked.clear();
        arrivingId = 0;
        timer.cancel();
        armedFor = MessageExpiration.NEVER;
    }

    /**
     * Arms the timer for the earliest ready expiry (not earlier than a tick after its last run), unless one is armed
     * for that time or earlier.
     */
    void rearm() {
        long next = ready.nextExpiry();
        if (next == MessageExpiration.NEVER) {
            return;
        }
        long due = Math.max(next, notBefore);
        if (due >= armedFor) {
            return;
        }
        timer.cancel();
        armedFor = due;
        timer = timers.schedule(due, onTimer);
    }

    /** The timer ran at {@code now} (its task calls this under the queue's lock before draining). */
    void timerFired(long now) {
        armedFor = MessageExpiration.NEVER;
        timer = Timers.Cancellable.NONE;
        notBefore = now + TICK_MILLIS;
    }
}
