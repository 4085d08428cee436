package dev.spool.engine.queue;

import dev.spool.engine.Timers;
import dev.spool.engine.expiry.MessageExpiration;
import dev.spool.engine.expiry.QueueExpiry;

/**
 * {@code x-expires} wired to a timer: the queue reports uses and consumer counts, this keeps one timer armed for the
 * deadline of {@link QueueExpiry}. A queue without {@code x-expires} holds none of these.
 *
 * <p>Not thread-safe: owned by its queue, under the queue's lock. The timer task takes that lock.
 */
final class UnusedQueueExpiry {
    private final QueueExpiry expiry;
    private final Timers timers;
    private final Runnable onTimer;
    private Timers.Cancellable timer = Timers.Cancellable.NONE;
    private long armedFor = MessageExpiration.NEVER;

    UnusedQueueExpiry(long expiresAfter, long now, int consumers, Timers timers, Runnable onTimer) {
        this.expiry = new QueueExpiry(expiresAfter, now);
        this.timers = timers;
        this.onTimer = onTimer;
        expiry.consumersChanged(consumers, now);
        rearm();
    }

    /** basic.get, redeclaration. */
    void used(long now) {
        expiry.used(now);
        rearm();
    }

    void consumersChanged(int count, long now) {
        expiry.consumersChanged(count, now);
        rearm();
    }

    /** The timer ran: whether the queue expired by {@code now}; re-arms the timer when it did not. */
    boolean timerFired(long now) {
        armedFor = MessageExpiration.NEVER;
        timer = Timers.Cancellable.NONE;
        if (expiry.isExpired(now)) {
            return true;
        }
        rearm();
        return false;
    }

    /** Whether the queue expired by {@code now}. */
    boolean expired(long now) {
        return expiry.isExpired(now);
    }

    void cancel() {
        timer.cancel();
        armedFor = MessageExpiration.NEVER;
    }

    private void rearm() {
        long deadline = expiry.deadline();
        if (deadline >= armedFor) {
            return; // the armed timer fires first and re-arms (so a basic.get does not reschedule it)
        }
        timer.cancel();
        armedFor = deadline;
        timer = deadline == MessageExpiration.NEVER ? Timers.Cancellable.NONE : timers.schedule(deadline, onTimer);
    }
}
