package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

/**
 * One message taken by basic.get.
 *
 * @param entryId      the id to settle it with (meaningless when taken with no-ack)
 * @param message      the message
 * @param redelivered  whether it was delivered before
 * @param messageCount ready messages left in the queue after this one
 */
public record GetResult(long entryId, Message message, boolean redelivered, int messageCount) {
}
