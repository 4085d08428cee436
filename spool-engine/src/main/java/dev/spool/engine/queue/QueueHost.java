package dev.spool.engine.queue;

import dev.spool.engine.deadletter.DeadLetter;
import dev.spool.engine.message.Message;

/**
 * What a classic queue asks of its virtual host for the messages and decisions it cannot complete alone: routing a
 * dead letter from its dead letter exchange, and deleting the queue when {@code x-expires} ran out. The queue calls
 * both outside its own lock (it never holds two queue locks).
 */
public interface QueueHost {
    /**
     * Routes a dead letter from {@code letter.exchange()} (dropped when that exchange does not exist), skipping the
     * queues where {@link DeadLetter#dropsAt} says it would cycle, storing it as a publish would for durable queues.
     *
     * @param message the rebuilt message, already carrying its death headers and marked as a dead letter
     */
    void publishDeadLetter(Message message, DeadLetter letter);

    /** The queue was unused for its {@code x-expires}: delete it unless something used it meanwhile. */
    void queueExpired(ClassicQueue queue);
}
