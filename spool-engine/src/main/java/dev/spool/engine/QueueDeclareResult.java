package dev.spool.engine;

/**
 * What queue.declare-ok reports.
 *
 * @param queue         the queue's name (server-generated when the client asked for "")
 * @param messageCount  messages ready for delivery
 * @param consumerCount active consumers
 */
public record QueueDeclareResult(String queue, int messageCount, int consumerCount) {
}
