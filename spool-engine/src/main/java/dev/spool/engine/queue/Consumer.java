package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

/**
 * A subscription to one queue, implemented by a front end (an AMQP channel's basic.consume).
 *
 * <p>Threading: the queue calls {@link #tryAcquireCredit()}, {@link #deliver} and {@link #cancelledByQueue()} while
 * holding its own lock, from whichever thread made it dispatch (a publisher's, an acker's, a timer). Implementations
 * must therefore be thread-safe, must not block, and must not call back into any queue from these methods: hand the
 * delivery to the consumer's own thread (its connection's event loop) and return.
 */
public interface Consumer {
    /** The consumer tag, unique within its channel. */
    String tag();

    /** True when deliveries count as acknowledged as soon as they are sent (basic.consume no-ack). */
    boolean noAck();

    /** True for an exclusive consumer: no other consumer may share the queue while it exists. */
    boolean exclusive();

    /** Consumer priority (the {@code x-priority} consume argument); higher goes first, 0 by default. */
    int priority();

    /**
     * Reserves room for one more delivery (prefetch credit, channel flow, socket writability). Returns false when the
     * consumer cannot take one now; the front end then calls {@link Queue#dispatch()} once it can.
     */
    boolean tryAcquireCredit();

    /**
     * Takes one message. Called only after {@link #tryAcquireCredit()} returned true.
     *
     * @param queue       the queue delivering it (to settle it later)
     * @param entryId     the queue's id for this entry: pass it back to {@link Queue#ack(long)} and friends
     * @param message     the message
     * @param redelivered whether it was delivered before (AMQP's {@code redelivered} flag)
     */
    void deliver(Queue queue, long entryId, Message message, boolean redelivered);

    /** The queue went away (deleted); the consumer is already removed. Tells the client (basic.cancel). */
    void cancelledByQueue(Queue queue);
}
