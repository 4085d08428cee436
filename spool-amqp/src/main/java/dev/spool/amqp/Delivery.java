package dev.spool.amqp;

import dev.spool.engine.message.Message;
import dev.spool.engine.queue.Queue;

/**
 * One message handed by a queue (on any thread) to a consumer, travelling through the connection's
 * {@link DeliveryOutbox} to its event loop; or, with no message, the news that the queue cancelled the consumer; or,
 * with no queue, a direct reply-to reply for the channel's reply consumer ({@link DirectReplyTo}).
 * Immutable: safely published through the outbox's queue.
 */
final class Delivery {
    final ConsumerState consumer;
    final Queue queue;
    final long entryId;
    final Message message;
    final boolean redelivered;

    Delivery(ConsumerState consumer, Queue queue, long entryId, Message message, boolean redelivered) {
        this.consumer = consumer;
        this.queue = queue;
        this.entryId = entryId;
        this.message = message;
        this.redelivered = redelivered;
    }

    /** The notice that {@code queue} went away and dropped {@code consumer}. */
    static Delivery cancellation(ConsumerState consumer, Queue queue) {
        return new Delivery(consumer, queue, 0, null, false);
    }

    boolean isCancellation() {
        return message == null;
    }
}
