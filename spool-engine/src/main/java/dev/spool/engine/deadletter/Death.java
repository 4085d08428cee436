package dev.spool.engine.deadletter;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a message's death history: every time it died in {@code queue} for {@code reason}. RabbitMQ keeps one
 * entry per (queue, reason) pair; a later death for the same pair increments {@code count} and leaves the other
 * fields as they were when it first died there.
 *
 * @param queue              the queue it died in
 * @param reason             why
 * @param count              how many times it died in that queue for that reason
 * @param timeSeconds        when it first died there (seconds since the epoch, as the AMQP timestamp)
 * @param exchange           the exchange it had been published to (a dead letter exchange after an earlier death)
 * @param routingKeys        the routing keys it had been published with, CC included, BCC excluded
 * @param originalExpiration its {@code expiration} property at that death, or null when it had none
 */
public record Death(String queue, DeathReason reason, long count, long timeSeconds, String exchange,
                    List<String> routingKeys, String originalExpiration) {
    public Death {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(exchange, "exchange");
        routingKeys = List.copyOf(routingKeys);
    }

    /** The same death, once more: count + 1, everything else kept. */
    Death again() {
        return new Death(queue, reason, count + 1, timeSeconds, exchange, routingKeys, originalExpiration);
    }

    /**
     * The {@code x-death} table for this entry, with RabbitMQ 4's field order and types: {@code original-expiration}
     * (long string, only when set), {@code count} (long), {@code reason}, {@code queue} (long strings), {@code time}
     * (timestamp), {@code exchange} (long string), {@code routing-keys} (array of long strings).
     */
    public Map<String, Object> toTable() {
        Map<String, Object> table = new LinkedHashMap<>();
        if (originalExpiration != null) {
            table.put("original-expiration", originalExpiration);
        }
        table.put("count", count);
        table.put("reason", reason.text());
        table.put("queue", queue);
        table.put("time", Instant.ofEpochSecond(timeSeconds));
        table.put("exchange", exchange);
        table.put("routing-keys", routingKeys);
        return table;
    }
}
