package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

/**
 * A ready message copied out of a queue by {@link Queue#peek}. Immutable.
 *
 * @param entryId     the queue's id for the entry (for {@link Queue#removeReady})
 * @param message     the message
 * @param redelivered whether it was delivered before and requeued
 */
public record QueuedMessage(long entryId, Message message, boolean redelivered) {
}
