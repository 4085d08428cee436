package dev.spool.engine.deadletter;

/**
 * The poison-message rule of {@code x-delivery-limit} (quorum queues' semantics, on every Spool queue): each time a
 * delivery of a message fails (basic.reject or basic.nack with requeue, a consumer timeout, the consumer's channel
 * closing with the message unacknowledged) its delivery count goes up by one, persisted with the message; once the
 * count exceeds the limit the message is dead-lettered with reason {@code delivery_limit} instead of going back to the
 * queue. A limit of 2 therefore allows 3 deliveries. Consumers see the count in the {@code x-delivery-count} header
 * from the second delivery on. Stateless.
 *
 * <p><b>How the queue calls it</b>: on a requeue it increments the entry's stored count and asks
 * {@link #exceeded}; when true it dead-letters (see {@link DeadLetters}) instead of requeueing. On delivery the front
 * end adds {@link #HEADER} with the count when it is above 0.
 */
public final class DeliveryLimit {
    /** The header that shows consumers how many deliveries failed before this one. */
    public static final String HEADER = "x-delivery-count";
    /** No limit (the queue has no {@code x-delivery-limit}). */
    public static final long UNLIMITED = -1;

    private DeliveryLimit() {
    }

    /**
     * @param failedDeliveries the message's delivery count after this failure
     * @param limit            the queue's delivery limit, or {@link #UNLIMITED}
     * @return true when the message must be dead-lettered with reason {@code delivery_limit}
     */
    public static boolean exceeded(long failedDeliveries, long limit) {
        return limit >= 0 && failedDeliveries > limit;
    }
}
