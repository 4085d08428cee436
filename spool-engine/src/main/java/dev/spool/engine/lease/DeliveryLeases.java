package dev.spool.engine.lease;

import dev.spool.engine.deadline.DeadlineIndex;
import dev.spool.engine.deadline.LongIntMap;

/**
 * The leases of one channel's unacknowledged deliveries: the consumer timeout ({@code x-consumer-timeout}, the
 * {@code consumer-timeout} policy key, or the broker's default) as a visibility timeout per delivery. When a lease runs
 * out, only that delivery is taken back: the message goes back to its queue marked redelivered with its delivery
 * count incremented (so {@code x-delivery-limit} dead-letters a message that keeps timing out), and its tag is
 * remembered as revoked so that a late ack of it is ignored rather than fatal. RabbitMQ instead closes the whole
 * channel with 406 on the first timeout, losing every other delivery in flight; LavinMQ does the same.
 *
 * <p><b>Repeated timeouts.</b> A consumer whose deliveries time out {@code cancelAfter} times in a row (no ack, nack
 * or reject of any of its deliveries in between) is presumed stuck and cancelled with a server-sent basic.cancel; it keeps
 * its channel, its other deliveries keep their leases. The channel skips the cancel for a client that did not
 * announce the {@code consumer_cancel_notify} capability (all current libraries do), whose deliveries are still
 * taken back one by one. Deliveries of basic.get have no consumer and are never the
 * reason for a cancel.
 *
 * <p><b>Cost.</b> A {@link DeadlineIndex} by delivery tag plus a tag-to-consumer map: O(log n) per delivery and
 * settle, no allocation; the channel arms one timer on its event loop for {@link #nextDeadline()}.
 *
 * <p>The AMQP front end does not use this index on its delivery path: it keeps each deadline beside the delivery in its
 * own ring of unacknowledged deliveries and scans that when its timer fires, which costs less per message than a heap
 * insert and removal (see {@code ConsumerLeases} there); it shares {@link RevokedTags} and {@link LeaseRequest} with
 * this class. This index suits a front end without such a ring.
 *
 * <p><b>How a channel would call it</b> (on its event loop): {@link #lease} when it sends a delivery that
 * needs an ack, with deadline {@code now + consumerTimeout} of the delivering queue (none when the timeout is off);
 * before handling basic.ack/nack/reject of a tag, {@link #wasRevoked} (true: ignore the settle), then
 * {@link #settled} for each tag it settles; {@link #extend} for each tag a {@link LeaseRequest} covers;
 * {@link #expire} when its timer fires, requeueing each delivery the sink is told about (through the queue's requeue
 * with a failed-delivery count) and sending basic.cancel when asked; {@link #consumerGone} when a consumer is
 * cancelled; {@link #clear} when the channel closes (its deliveries are requeued as usual).
 */
public final class DeliveryLeases {
    /** The consumer of a basic.get delivery. */
    public static final int NO_CONSUMER = -1;
    /** The default number of timeouts in a row after which a consumer is cancelled. */
    public static final int DEFAULT_CANCEL_AFTER = 3;
    /** The default number of revoked tags remembered. */
    public static final int DEFAULT_REVOKED_MEMORY = 4096;

    /** Told about each delivery whose lease ran out. */
    @FunctionalInterface
    public interface TimeoutSink {
        /**
         * @param deliveryTag    the delivery taken back: requeue it; its tag is already revoked
         * @param consumer       the consumer it was delivered to, or {@link #NO_CONSUMER}
         * @param cancelConsumer true, once, when that consumer reached its limit of timeouts in a row: cancel it
         */
        void timedOut(long deliveryTag, int consumer, boolean cancelConsumer);
    }

    private final int cancelAfter;
    private final DeadlineIndex deadlines = new DeadlineIndex();
    private final LongIntMap consumerOfTag = new LongIntMap();
    private final LongIntMap timeoutsInARow = new LongIntMap();
    private final RevokedTags revoked;

    /**
     * @param cancelAfter   timeouts in a row after which a consumer is cancelled; 0 never cancels
     * @param revokedMemory how many revoked tags to remember
     */
    public DeliveryLeases(int cancelAfter, int revokedMemory) {
        if (cancelAfter < 0) {
            throw new IllegalArgumentException("cancelAfter must not be negative: " + cancelAfter);
        }
        this.cancelAfter = cancelAfter;
        this.revoked = new RevokedTags(revokedMemory);
    }

    /** Leases with the defaults: cancel after 3 timeouts in a row, remember 4096 revoked tags. */
    public DeliveryLeases() {
        this(DEFAULT_CANCEL_AFTER, DEFAULT_REVOKED_MEMORY);
    }

    /** A delivery was sent to {@code consumer} (or {@link #NO_CONSUMER}) and must be settled by {@code deadline}. */
    public void lease(long deliveryTag, int consumer, long deadline) {
        deadlines.schedule(deliveryTag, deadline);
        consumerOfTag.put(deliveryTag, consumer);
    }

    /**
     * True when {@code deliveryTag} was taken back after a timeout: the client's ack, nack or reject of it comes too
     * late and is to be ignored. Each revoked tag answers true once.
     */
    public boolean wasRevoked(long deliveryTag) {
        return revoked.consume(deliveryTag);
    }

    /** The delivery was acked, nacked or rejected: drops its lease; its consumer is evidently alive. */
    public void settled(long deliveryTag) {
        deadlines.cancel(deliveryTag);
        int consumer = consumerOfTag.remove(deliveryTag);
        if (consumer != LongIntMap.MISSING && consumer != NO_CONSUMER) {
            timeoutsInARow.remove(consumer);
        }
    }

    /**
     * Moves the lease of {@code deliveryTag} to {@code newDeadline}.
     *
     * @return false when the tag holds no lease (settled, taken back, or never leased)
     */
    public boolean extend(long deliveryTag, long newDeadline) {
        if (!deadlines.contains(deliveryTag)) {
            return false;
        }
        deadlines.schedule(deliveryTag, newDeadline);
        return true;
    }

    /** When the next lease runs out, or {@link DeadlineIndex#NEVER}: when to arm the channel's timer. */
    public long nextDeadline() {
        return deadlines.nextDeadline();
    }

    /**
     * Takes back every delivery whose lease ran out by {@code now}, earliest first, telling {@code sink} about each.
     *
     * @return how many were taken back
     */
    public int expire(long now, TimeoutSink sink) {
        int expired = 0;
        long tag;
        while ((tag = deadlines.pollDue(now)) != DeadlineIndex.NONE) {
            int consumer = consumerOfTag.remove(tag);
            revoked.add(tag);
            boolean cancel = false;
            if (consumer != NO_CONSUMER && consumer != LongIntMap.MISSING) {
                int previous = timeoutsInARow.get(consumer);
                int inARow = previous == LongIntMap.MISSING ? 1 : previous + 1;
                timeoutsInARow.put(consumer, inARow);
                cancel = cancelAfter > 0 && inARow == cancelAfter;
            }
            sink.timedOut(tag, consumer == LongIntMap.MISSING ? NO_CONSUMER : consumer, cancel);
            expired++;
        }
        return expired;
    }

    /** The consumer was cancelled (by its client or after timeouts): forgets its count. */
    public void consumerGone(int consumer) {
        timeoutsInARow.remove(consumer);
    }

    /** Whether {@code deliveryTag} holds a lease. */
    public boolean isLeased(long deliveryTag) {
        return deadlines.contains(deliveryTag);
    }

    /** The deadline of {@code deliveryTag}'s lease, or {@link DeadlineIndex#NONE}. */
    public long deadlineOf(long deliveryTag) {
        return deadlines.deadlineOf(deliveryTag);
    }

    /** Deliveries holding a lease. */
    public int size() {
        return deadlines.size();
    }

    /** The channel closed: forgets every lease and count. */
    public void clear() {
        deadlines.clear();
        consumerOfTag.clear();
        timeoutsInARow.clear();
    }
}
