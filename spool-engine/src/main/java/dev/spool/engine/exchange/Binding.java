package dev.spool.engine.exchange;

import java.util.Map;
import java.util.Objects;

/**
 * A binding as AMQP defines it: from a source exchange to a destination queue or exchange, with a routing (binding)
 * key and arguments. Two bindings are the same binding when all five parts are equal.
 *
 * @param source             the source exchange's name
 * @param destination        the destination queue's or exchange's name
 * @param destinationIsQueue true for queue.bind, false for exchange.bind
 * @param routingKey         the binding key
 * @param arguments          the binding arguments (never null; empty when none were given)
 */
public record Binding(String source, String destination, boolean destinationIsQueue, String routingKey,
                      Map<String, Object> arguments) {
    public Binding {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(routingKey, "routingKey");
        arguments = arguments == null ? Map.of() : arguments;
    }
}
