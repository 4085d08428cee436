package dev.spool.engine.deadletter;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A dead message ready to be republished to its queue's dead letter exchange: where it goes and the headers it
 * carries. Built by {@link DeadLetters#prepare}; the front end re-encodes the message's properties with
 * {@link #headers()} and without an {@code expiration} property (RabbitMQ clears it so the copy does not expire again
 * in the next queue; the old value is kept as the death's {@code original-expiration}). Immutable.
 *
 * @param exchange    the dead letter exchange
 * @param routingKeys the routing keys to route with: the dead letter routing key alone when the queue has one, else
 *                    the message's own routing key followed by its CC and BCC keys
 * @param headers     the message's headers with the updated death history
 * @param reason      why it died
 * @param history     its death history including this death
 */
public record DeadLetter(String exchange, List<String> routingKeys, Map<String, Object> headers, DeathReason reason,
                         DeathHistory history) {
    public DeadLetter {
        Objects.requireNonNull(exchange, "exchange");
        routingKeys = List.copyOf(routingKeys);
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(history, "history");
    }

    /** The routing key of the republished message: the first of {@link #routingKeys()}. */
    public String routingKey() {
        return routingKeys.get(0);
    }

    /** The routing keys after the first, routed to like CC keys. */
    public List<String> extraRoutingKeys() {
        return routingKeys.subList(1, routingKeys.size());
    }

    /**
     * Whether the copy routed to {@code targetQueue} is dropped as a dead-letter cycle (RabbitMQ's
     * {@code rabbit_dead_letter:detect_cycles/3}): never for a rejection, else when the message already died in that
     * queue with no rejection since.
     */
    public boolean dropsAt(String targetQueue) {
        return reason != DeathReason.REJECTED && history.isCycle(targetQueue);
    }
}
