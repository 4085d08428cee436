package dev.spool.engine.queue;

import dev.spool.engine.Clock;
import dev.spool.engine.Timers;
import dev.spool.engine.delay.DelaySchedule;
import dev.spool.engine.message.Message;
import dev.spool.engine.message.MessageFormat;
import dev.spool.engine.message.MessageFormats;
import dev.spool.engine.policy.EffectiveQueueSettings;
import dev.spool.engine.retry.RetryDelays;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A classic queue's delays: per-queue {@code x-delay} (each enqueued message waits before it is ready) and retry with
 * back-off ({@code x-retry-delays}: a message rejected without requeue comes back after the next delay). Both park
 * the entry in {@link WaitingEntries} and one timer makes it ready when due.
 *
 * <p><b>What a restart keeps.</b> A waiting entry's due time is derived from its stored record: due = the record's
 * timestamp + the queue's delay. A message published to an {@code x-delay} queue has its publish time there; a
 * retried message is written again as a new record whose timestamp is its retry due time minus the queue's delay
 * (so the same rule gives its due time back), with its delivery count recorded and the number of retries so far in
 * its {@value #RETRY_COUNT} header; the old reference is settled. So a restart resumes a retry schedule where it was.
 *
 * <p>Not thread-safe: the owning queue calls it under its lock; the timer task takes that lock.
 */
final class QueueDelays {
    /** The header counting how often a message was retried; consumers see it from the first retry on. */
    static final String RETRY_COUNT = "x-retry-count";

    private final Clock clock;
    private final Timers timers;
    private final Runnable onDue;
    private final WaitingEntries waiting = new WaitingEntries();
    private Timers.Cancellable timer = Timers.Cancellable.NONE;
    private long armedFor = DelaySchedule.NEVER;

    /** @param onDue the queue's task that takes its lock and calls {@link #releaseDue} */
    QueueDelays(Clock clock, Runnable onDue) {
        this.clock = clock;
        this.timers = Timers.of(clock);
        this.onDue = onDue;
    }

    /** Entries waiting (not ready). */
    int size() {
        return waiting.size();
    }

    /** The waiting entries' body sizes summed. */
    long bodyBytes() {
        return waiting.bodyBytes();
    }

    /** Holds a newly enqueued message for {@code delay} ms. */
    void holdNew(QueueIndex index, Message message, long position, long delay) {
        long now = clock.millis();
        long ref = index.waitingRef(message, position);
        waiting.add(saturatedAdd(now, delay), ref, ref == QueueIndex.MEMORY ? message : null, 0, message.bodySize(),
                message.ttl());
        arm();
    }

    /**
     * A message recovered from the log: waits if its due time (record timestamp + the queue's delay) is still ahead.
     *
     * @param bodySize   its body size, for the length limits
     * @param messageTtl the TTL of its {@code expiration}, or {@link Message#NO_TTL}
     * @return false when it is ready now
     */
    boolean recover(long position, int deliveries, long timestampMillis, long delay, int bodySize,
                    long messageTtl) {
        long dueAt = saturatedAdd(timestampMillis, Math.max(0, delay));
        if (dueAt <= clock.millis()) {
            return false;
        }
        waiting.add(dueAt, position, null, deliveries, bodySize, messageTtl);
        return true;
    }

    /**
     * Reject or nack without requeue of an unacknowledged entry: retries it if the queue has retry delays left for
     * it and the delivery limit is not exceeded.
     *
     * @return false when the entry is not outstanding, or is not retried (the caller settles it as before)
     */
    boolean retry(QueueIndex index, long entryId, EffectiveQueueSettings settings) {
        RetryDelays delays = settings.retryDelays();
        MessageFormat format = MessageFormats.current();
        if (delays.isEmpty() || format == null || !index.lendUnacked(entryId)) {
            return false;
        }
        int deliveries = index.lentDeliveries();
        Message message = index.lentMessage();
        boolean limitExceeded = settings.deliveryLimit() != EffectiveQueueSettings.NONE
                && deliveries > settings.deliveryLimit();
        long delay = RetryDelays.EXHAUSTED;
        int retries = 0;
        if (message != null && !limitExceeded) {
            Map<String, Object> headers = message.headers().isEmpty() ? headersOf(format, message)
                    : message.headers();
            retries = retryCount(headers);
            delay = delays.delayFor(retries, ThreadLocalRandom.current().nextDouble());
        }
        if (delay == RetryDelays.EXHAUSTED) {
            index.returnUnacked(entryId); // the caller settles or dead-letters it as without retries
            return false;
        }
        long now = clock.millis();
        long dueAt = saturatedAdd(now, delay);
        Message retried = format.rewrite(message, message.exchange(), message.routingKey(),
                Map.of(RETRY_COUNT, retries + 1), false, now);
        if (message.deadLettered()) { // its x-death stays the broker's death history
            retried = retried.asDeadLetter(retried.extraRoutingKeys());
        }
        long ref = index.retryRef(retried, dueAt - Math.max(0, settings.delay()), deliveries);
        waiting.add(dueAt, ref, ref == QueueIndex.MEMORY ? retried : null, deliveries, retried.bodySize(),
                retried.ttl());
        arm();
        return true;
    }

    /** The timer ran: the queue now takes every due entry ({@link #pollDue}), then calls {@link #arm}. */
    void timerFired() {
        armedFor = DelaySchedule.NEVER;
    }

    /**
     * The earliest entry due by now, no longer waiting, or null. The queue makes it ready through
     * {@link QueueIndex#addReady} (in due order) and its TTL starts then. Under the queue's lock, from the timer task.
     */
    WaitingEntries.Waiting pollDue() {
        return waiting.pollDue(clock.millis());
    }

    /** Drops every waiting entry (purge, deletion); returns how many. */
    int dropAll(QueueIndex index) {
        int dropped = waiting.size();
        waiting.clear(w -> index.dropWaiting(w.ref()));
        timer.cancel();
        armedFor = DelaySchedule.NEVER;
        return dropped;
    }

    /** Arms the timer for the earliest due entry (after recovery too). */
    void arm() {
        long next = waiting.nextDue();
        if (next == DelaySchedule.NEVER || next >= armedFor) {
            return;
        }
        timer.cancel();
        armedFor = next;
        timer = timers.schedule(next, onDue);
    }

    private static Map<String, Object> headersOf(MessageFormat format, Message message) {
        Object headers = format.properties(message).get("headers");
        if (headers instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            return typed;
        }
        return Map.of();
    }

    private static int retryCount(Map<String, Object> headers) {
        Object value = headers.get(RETRY_COUNT);
        if (value instanceof Number n && n.longValue() >= 0) {
            return (int) Math.min(Integer.MAX_VALUE, n.longValue());
        }
        return 0;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }
}
