package dev.spool.engine.queue;

import java.util.Map;

/**
 * What a queue was declared with; compared on redeclaration (RabbitMQ's equivalence rules: durable, exclusive,
 * auto-delete and the {@code x-} arguments must match).
 *
 * @param durable    survives a broker restart (once there is a store)
 * @param exclusive  owned by the declaring connection, deleted when it closes
 * @param autoDelete deleted once its last consumer is cancelled (if it ever had one)
 * @param arguments  the declare arguments as decoded by the front end (never null)
 */
public record QueueSettings(boolean durable, boolean exclusive, boolean autoDelete, Map<String, Object> arguments) {
}
