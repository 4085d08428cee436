package dev.spool.amqp;

import dev.spool.engine.client.ClientChannel;
import dev.spool.engine.client.MessageCounters;
import dev.spool.engine.queue.Queue;
import java.util.Arrays;

/**
 * basic.ack, basic.nack, basic.reject and basic.recover for one channel: takes the deliveries out of the channel's
 * {@link Unacked} (or, in a transaction, holds them until tx.commit), settles them with their queues, returns their
 * prefetch credit and then asks the queues of consumers that had run out of credit to dispatch again.
 *
 * <p>A delivery whose lease ran out ({@link ConsumerLeases}) was taken back and requeued; a settle naming its tag
 * comes too late and is ignored instead of failing with "unknown delivery tag" (a multiple one still settles the
 * deliveries before it).
 *
 * <p>Requeues are batched: consecutive entries of the same queue go back in one {@link Queue#requeue(long[], int)}
 * call. A closing channel gives back everything still unacknowledged the same way.
 *
 * <p>Confined to the connection's event loop.
 */
final class Settlements implements Unacked.Visitor {
    private final Unacked unacked = new Unacked();
    private final ChannelCredit credit;
    private final ConsumerTable consumers;
    private final ClientChannel stats;
    private final MessageCounters counters;
    private final ConsumerLeases leases;
    private Queue requeueTarget;
    private long[] requeueIds = new long[64];
    private int requeueCount;
    private ConsumerState[] touched = new ConsumerState[4];
    private int touchedCount;
    /** Set while a timed-out delivery is taken back: that is no sign of life from its consumer. */
    private boolean takingBack;

    Settlements(ChannelCredit credit, ConsumerTable consumers, ClientChannel stats, ConsumerLeases leases) {
        this.stats = stats;
        this.leases = leases;
        this.counters = stats.counters();
        this.credit = credit;
        this.consumers = consumers;
    }

    Unacked unacked() {
        return unacked;
    }

    /** basic.ack. */
    void ack(long deliveryTag, boolean multiple, boolean transactional) {
        settle(deliveryTag, multiple, Unacked.ACK, transactional);
    }

    /** basic.nack and basic.reject: back to the queue, or dropped. */
    void reject(long deliveryTag, boolean multiple, boolean requeue, boolean transactional) {
        settle(deliveryTag, multiple, requeue ? Unacked.REQUEUE : Unacked.DISCARD, transactional);
    }

    private void settle(long deliveryTag, boolean multiple, byte action, boolean transactional) {
        boolean known = transactional
                ? unacked.hold(deliveryTag, multiple, action)
                : unacked.take(deliveryTag, multiple, action, this);
        if (!known) {
            if (!leases.wasRevoked(deliveryTag)) {
                throw AmqpError.preconditionFailed("unknown delivery tag " + deliveryTag);
            }
            // taken back after its lease ran out: the client was merely slow
            if (multiple && transactional) {
                unacked.holdBelow(deliveryTag, action);
            } else if (multiple) {
                unacked.takeBelow(deliveryTag, action, this);
            }
        }
        finish();
    }

    /**
     * The lease of delivery {@code tag} ran out: it goes back to its queue, and its credit to its consumer.
     *
     * @return false when it is not outstanding (a transaction holds its settle)
     */
    boolean takeBack(long tag) {
        takingBack = true;
        boolean taken;
        try {
            taken = unacked.take(tag, false, Unacked.REQUEUE, this);
        } finally {
            takingBack = false;
        }
        if (taken) {
            finish();
        }
        return taken;
    }

    /** basic.recover with requeue: every outstanding delivery goes back to its queue. */
    void recover() {
        unacked.takeAll(Unacked.REQUEUE, false, this);
        finish();
    }

    /** tx.commit: settles what the transaction held. */
    void commit() {
        unacked.commitHeld(this);
        finish();
    }

    /** tx.rollback: what the transaction held is outstanding again. */
    void rollback() {
        unacked.rollbackHeld();
        leases.rearm();
    }

    /** The channel is closing: everything unacknowledged, held or not, goes back to its queue. */
    void requeueAll() {
        unacked.takeAll(Unacked.REQUEUE, true, this);
        flushRequeues();
        touchedCount = 0;
        Arrays.fill(touched, null);
    }

    @Override
    public void settle(byte action, long tag, Queue queue, long entryId, ConsumerState consumer) {
        if (action == Unacked.ACK) {
            counters.increment(MessageCounters.ACKNOWLEDGED);
            queue.ack(entryId);
        } else if (action == Unacked.DISCARD) {
            queue.discard(entryId);
        } else {
            requeue(queue, entryId);
        }
        if (consumer != null) {
            if (!takingBack) {
                consumer.settledOne();
            }
            consumer.returnCredit();
            touch(consumer);
        }
    }

    private void requeue(Queue queue, long entryId) {
        if (queue != requeueTarget) {
            flushRequeues();
            requeueTarget = queue;
        }
        if (requeueCount == requeueIds.length) {
            requeueIds = Arrays.copyOf(requeueIds, requeueCount * 2);
        }
        requeueIds[requeueCount++] = entryId;
    }

    private void flushRequeues() {
        if (requeueCount > 0) {
            requeueTarget.requeue(requeueIds, requeueCount);
        }
        requeueCount = 0;
        requeueTarget = null;
    }

    private void touch(ConsumerState consumer) {
        for (int i = touchedCount - 1; i >= 0; i--) {
            if (touched[i] == consumer) {
                return;
            }
        }
        if (touchedCount == touched.length) {
            touched = Arrays.copyOf(touched, touchedCount * 2);
        }
        touched[touchedCount++] = consumer;
    }

    /** After settling: requeues go out, and consumers that were out of credit get their queues dispatched. */
    private void finish() {
        flushRequeues();
        stats.unacknowledged(unacked.outstanding());
        for (int i = 0; i < touchedCount; i++) {
            touched[i].dispatchIfStarved();
            touched[i] = null;
        }
        touchedCount = 0;
        if (credit.takeStarved()) {
            consumers.dispatchAll();
        }
    }
}
