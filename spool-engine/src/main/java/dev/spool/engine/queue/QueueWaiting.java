package dev.spool.engine.queue;

import dev.spool.engine.Clock;
import dev.spool.engine.message.Message;
import dev.spool.engine.policy.EffectiveQueueSettings;

/**
 * The glue between a classic queue and its {@link QueueDelays} (entries waiting out an {@code x-delay} or a retry
 * delay): keeps the features' count of waiting entries and bytes up to date (they count towards the length limits,
 * and drop-head counts a message that starts waiting), and makes due entries ready as if enqueued then (their TTL
 * starts, they are offered to consumers, then drop-head runs). The delays are created when first needed, so a queue
 * without them pays one null test.
 *
 * <p>Part of {@link ClassicQueue}, which owns it: not thread-safe, called under the queue's lock; the delays' timer
 * runs the queue's task, which takes the lock and calls {@link #releaseDue}.
 */
final class QueueWaiting {
    private final Clock clock;
    private final QueueIndex index;
    private final QueueFeatures features;
    private final QueueStats stats;
    private final QueueDispatcher dispatcher;
    /** The queue's task for the delays' timer (it takes the lock, then calls {@link #releaseDue}). */
    private final Runnable onDue;
    private QueueDelays delays;

    QueueWaiting(Clock clock, QueueIndex index, QueueFeatures features, QueueStats stats, QueueDispatcher dispatcher,
                 Runnable onDue) {
        this.clock = clock;
        this.index = index;
        this.features = features;
        this.stats = stats;
        this.dispatcher = dispatcher;
        this.onDue = onDue;
    }

    /** Entries waiting now; 0 when the queue never had delays. */
    int size() {
        return delays == null ? 0 : delays.size();
    }

    /** A published message waits {@code delay} ms before it is ready ({@code x-delay}); it counts as published. */
    void holdNew(Message message, long position, long delay, EffectiveQueueSettings current) {
        delays().holdNew(index, message, position, delay);
        waitingChanged();
        features.arrived(current); // drop-head counts it
        stats.count(QueueStats.PUBLISHED);
    }

    /**
     * A recovered message whose delay is still running waits the rest of it.
     *
     * @return false when it is due already (the caller makes it ready)
     */
    boolean recover(long position, int deliveries, long publishedAt, long delay, int bodySize, long messageTtl) {
        if (!delays().recover(position, deliveries, publishedAt, delay, bodySize, messageTtl)) {
            return false;
        }
        waitingChanged();
        return true;
    }

    /** The queue's log is attached: the timer may run (it reads waiting entries back). */
    void attached() {
        if (delays != null) {
            delays.arm();
        }
    }

    /**
     * A rejected unacknowledged entry is retried ({@code x-retry-delays}) if it has a retry left: it then waits as a
     * new entry, and this one is settled.
     *
     * @return false when it is not retried (the caller settles or dead-letters it as without retries)
     */
    boolean retry(long entryId, EffectiveQueueSettings current) {
        if (!delays().retry(index, entryId, current)) {
            return false;
        }
        features.settled(entryId); // it comes back as a new entry when its retry is due
        waitingChanged();
        features.arrived(current); // drop-head counts it
        stats.settled(entryId, index.unacked());
        if (index.grouped()) {
            dispatcher.dispatch(current); // its delivery is over: its group may move on
        }
        return true;
    }

    /** The timer ran: makes the due entries ready, each as if it were enqueued now, and re-arms. */
    void releaseDue(EffectiveQueueSettings current) {
        if (delays == null) {
            return;
        }
        delays.timerFired();
        WaitingEntries.Waiting due;
        while ((due = delays.pollDue()) != null) {
            long entryId = index.addReady(due.ref(), due.message(), due.deliveries());
            waitingChanged();
            features.becameReady(entryId, due.bodySize(), due.messageTtl(), current);
            dispatcher.dispatch(current);
            features.arrived(current);
        }
        delays.arm();
    }

    /** Drops every waiting entry (purge, deletion); returns how many. */
    int dropAll() {
        int dropped = delays == null ? 0 : delays.dropAll(index);
        features.waitingChanged(0, 0);
        return dropped;
    }

    private void waitingChanged() {
        features.waitingChanged(delays.size(), delays.bodyBytes());
    }

    private QueueDelays delays() {
        if (delays == null) {
            delays = new QueueDelays(clock, onDue);
        }
        return delays;
    }
}
