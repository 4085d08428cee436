package dev.spool.engine.queue;

import dev.spool.engine.message.Message;
import dev.spool.engine.policy.EffectiveQueueSettings;

/**
 * Hands a classic queue's ready entries to its consumers and to {@code basic.get}: expired messages are drained
 * first (so none is ever delivered), then a plain or priority queue delivers its next entry to the next consumer with
 * credit, a grouped queue lets each consumer in turn take the oldest entry of the groups it owns or nobody owns. Every
 * delivery goes through {@link QueueFeatures#taken} (TTL stops, delivery count header) and the statistics.
 *
 * <p>Part of {@link ClassicQueue}, which owns it: not thread-safe, called under the queue's lock.
 */
final class QueueDispatcher {
    private final ClassicQueue queue;
    private final QueueIndex index;
    private final ConsumerRoster consumers;
    private final QueueFeatures features;
    private final QueueStats stats;
    /** What {@link #takeForGet} took. */
    private long gotId;
    private boolean gotRedelivered;

    QueueDispatcher(ClassicQueue queue, QueueIndex index, ConsumerRoster consumers, QueueFeatures features,
                    QueueStats stats) {
        this.queue = queue;
        this.index = index;
        this.consumers = consumers;
        this.features = features;
        this.stats = stats;
    }

    /** Delivers while there are messages and a consumer with credit. */
    void dispatch(EffectiveQueueSettings current) {
        features.expireDue(current); // an expired message is never delivered, whatever its lane
        if (index.grouped()) {
            dispatchGroups(current);
            return;
        }
        while (!consumers.allBlocked() && index.prepare()) {
            Consumer consumer = consumers.nextWithCredit();
            if (consumer == null) {
                return;
            }
            index.take();
            deliverTaken(consumer, current);
        }
    }

    /**
     * {@code basic.get}: takes the next entry {@code basic.get} may have (a grouped queue: from the groups no consumer
     * owns), after draining what expired; its id and redelivered flag are then {@link #gotId} and
     * {@link #gotRedelivered}.
     *
     * @return the message to hand out, or null when nothing is ready
     */
    Message takeForGet(boolean noAck, EffectiveQueueSettings current) {
        features.used();
        features.expireDue(current);
        if (!index.prepareFor(GroupLanes.GET)) {
            return null;
        }
        index.take();
        index.takenBy(GroupLanes.GET, noAck);
        Message message = index.takenMessage();
        gotRedelivered = index.takenRedelivered();
        gotId = index.takenId();
        index.delivered(noAck);
        message = features.taken(gotId, message, noAck, current);
        if (!noAck) {
            stats.delivered(gotId);
        }
        stats.count(noAck ? QueueStats.GET_NO_ACK : QueueStats.GET);
        if (gotRedelivered) {
            stats.count(QueueStats.REDELIVERED);
        }
        return message;
    }

    long gotId() {
        return gotId;
    }

    boolean gotRedelivered() {
        return gotRedelivered;
    }

    /**
     * A grouped queue: each consumer in turn (with credit) takes the oldest entry of the groups it owns or nobody
     * owns; the index prepares that entry while the roster asks.
     */
    private void dispatchGroups(EffectiveQueueSettings current) {
        while (!consumers.allBlocked() && index.hasReady()) {
            Consumer consumer = consumers.nextWithCredit(index);
            if (consumer == null) {
                return;
            }
            index.take();
            index.takenBy(consumers.chosenId(), consumer.noAck());
            deliverTaken(consumer, current);
        }
    }

    /**
     * Hands the entry the index just took to {@code consumer}, with the statistics; the features stop its TTL and add
     * its delivery count.
     */
    private void deliverTaken(Consumer consumer, EffectiveQueueSettings current) {
        Message message = index.takenMessage();
        long entryId = index.takenId();
        boolean redelivered = index.takenRedelivered();
        index.delivered(consumer.noAck());
        message = features.taken(entryId, message, consumer.noAck(), current);
        if (!consumer.noAck()) {
            stats.delivered(entryId);
        }
        stats.count(consumer.noAck() ? QueueStats.DELIVERED_NO_ACK : QueueStats.DELIVERED);
        if (redelivered) {
            stats.count(QueueStats.REDELIVERED);
        }
        consumer.deliver(queue, entryId, message, redelivered);
    }
}
