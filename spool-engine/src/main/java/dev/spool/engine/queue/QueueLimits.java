package dev.spool.engine.queue;

import dev.spool.engine.deadline.LongIntMap;
import dev.spool.engine.policy.EffectiveQueueSettings;
import dev.spool.engine.policy.Overflow;

/**
 * {@code x-max-length} and {@code x-max-length-bytes}: whether a queue is over its limits, counting ready messages and
 * those waiting out an {@code x-delay} or a retry (the caller passes those; unacknowledged ones do not count, as in
 * RabbitMQ's classic queues). The byte count needs each entry's body
 * size, which the queue's index does not keep, so it is kept here by entry id, only while the queue has a byte limit:
 * a queue without one pays a field check per call. A byte limit set later (by a policy) counts the messages enqueued
 * from then on.
 *
 * <p>Not thread-safe: owned by its queue, under the queue's lock.
 */
final class QueueLimits {
    /** Body sizes of the entries in the queue (ready or unacknowledged), while a byte limit is set. */
    private LongIntMap sizes;
    private long readyBytes;

    /** The settings changed: starts or stops counting bytes. */
    void apply(EffectiveQueueSettings settings) {
        if (settings.maxLengthBytes() == EffectiveQueueSettings.NONE) {
            sizes = null;
            readyBytes = 0;
        } else if (sizes == null) {
            sizes = new LongIntMap();
        }
    }

    /**
     * Whether a message of {@code bodySize} bytes is refused (reject-publish and reject-publish-dlx).
     *
     * @param count      the messages that count: ready ones and those waiting to be ready
     * @param extraBytes the bodies of the waiting ones (not tracked here)
     */
    boolean refuses(EffectiveQueueSettings settings, int count, long extraBytes, int bodySize) {
        if (settings.overflow() == Overflow.DROP_HEAD || !settings.hasLengthLimit()) {
            return false;
        }
        return (settings.maxLength() != EffectiveQueueSettings.NONE && count + 1L > settings.maxLength())
                || (sizes != null && readyBytes + extraBytes + bodySize > settings.maxLengthBytes());
    }

    /** Whether the queue is over a limit now (drop-head drops from the head while it is); as {@link #refuses}. */
    boolean over(EffectiveQueueSettings settings, int count, long extraBytes) {
        return (settings.maxLength() != EffectiveQueueSettings.NONE && count > settings.maxLength())
                || (sizes != null && readyBytes + extraBytes > settings.maxLengthBytes());
    }

    /** A ready entry joined the queue. */
    void added(long id, int bodySize) {
        if (sizes != null) {
            sizes.put(id, bodySize);
            readyBytes += bodySize;
        }
    }

    /** A ready entry was delivered (it stays known, for a requeue). */
    void taken(long id) {
        if (sizes != null) {
            int size = sizes.get(id);
            if (size != LongIntMap.MISSING) {
                readyBytes -= size;
            }
        }
    }

    /** An unacknowledged entry is ready again. */
    void requeued(long id) {
        if (sizes != null) {
            int size = sizes.get(id);
            if (size != LongIntMap.MISSING) {
                readyBytes += size;
            }
        }
    }

    /** An unacknowledged entry was settled. */
    void settled(long id) {
        if (sizes != null) {
            sizes.remove(id);
        }
    }

    /** A ready entry left without a delivery (expired, dropped, removed). */
    void removedReady(long id) {
        if (sizes != null) {
            int size = sizes.remove(id);
            if (size != LongIntMap.MISSING) {
                readyBytes -= size;
            }
        }
    }

    /** Every ready entry went (purge, deletion); sizes of unacknowledged entries are forgotten too. */
    void readyCleared() {
        if (sizes != null) {
            sizes.clear();
            readyBytes = 0;
        }
    }
}
