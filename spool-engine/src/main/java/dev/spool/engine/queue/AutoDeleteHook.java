package dev.spool.engine.queue;

/**
 * Told when an auto-delete queue lost its last consumer, so that its virtual host deletes it (RabbitMQ deletes an
 * auto-delete queue once its last consumer goes, if it ever had one).
 *
 * <p>Called by the thread that removed the consumer, after the queue released its lock; implementations may take the
 * virtual host's lock and call back into the queue.
 */
@FunctionalInterface
public interface AutoDeleteHook {
    void lastConsumerRemoved(ClassicQueue queue);
}
