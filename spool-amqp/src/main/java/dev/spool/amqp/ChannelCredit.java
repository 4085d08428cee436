package dev.spool.amqp;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a channel's consumers share when queues ask them for credit: the channel-wide prefetch (basic.qos with
 * global=true, RabbitMQ's per-channel limit). These are the only parts of a channel that queues
 * touch, from any thread, under their own locks; everything else of a channel stays on its event loop.
 *
 * <p>Thread-safety: the counter is atomic; {@code limit} and {@code starved} are volatile.
 * A consumer refused for lack of channel credit sets {@code starved} before re-checking the count, and the event loop
 * returns credit before reading {@code starved}, so one of the two always sees the other and no wake-up is lost.
 */
final class ChannelCredit {
    private final AtomicInteger unacked = new AtomicInteger();
    private volatile int limit;
    private volatile boolean starved;

    /** basic.qos global=true: the most unacknowledged consumer deliveries on the channel; 0 for no limit. */
    void limit(int prefetchCount) {
        this.limit = prefetchCount;
    }

    int limit() {
        return limit;
    }

    /** Counts one more unacknowledged delivery if the channel-wide prefetch allows it. Any thread. */
    boolean tryAcquire() {
        for (;;) {
            int current = unacked.get();
            int max = limit;
            if (max != 0 && current >= max) {
                starved = true;
                if (unacked.get() >= limit) {
                    return false;
                }
                continue;
            }
            if (unacked.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Undoes one {@link #tryAcquire} (the delivery did not happen or was settled). */
    void release() {
        unacked.decrementAndGet();
    }

    /** Clears and returns whether a consumer was refused for lack of channel credit since the last call. */
    boolean takeStarved() {
        if (starved) {
            starved = false;
            return true;
        }
        return false;
    }

    int unacked() {
        return unacked.get();
    }
}
