package dev.spool.engine.client;

import java.util.Map;

/**
 * One consumer (basic.consume) as management sees it. Immutable.
 *
 * @param tag         the consumer tag
 * @param queue       the queue's name
 * @param ackRequired false for a no-ack (automatic acknowledgement) consumer
 * @param exclusive   whether it consumes exclusively
 * @param prefetch    its own prefetch count (0: unlimited)
 * @param arguments   its basic.consume arguments (never null)
 */
public record ClientConsumer(String tag, String queue, boolean ackRequired, boolean exclusive, int prefetch,
                             Map<String, Object> arguments) {
    public ClientConsumer {
        arguments = arguments == null ? Map.of() : arguments;
    }
}
