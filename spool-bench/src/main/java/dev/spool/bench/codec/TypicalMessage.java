package dev.spool.bench.codec;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.FieldTable;
import java.time.Instant;
import java.util.Arrays;

/**
 * The message the codec benchmarks push through: a 1000-byte body (PerfTest's size in docs/benchmarks.md), the
 * properties an application commonly sets, and an eight-entry headers table of strings, integers, a boolean and a
 * timestamp. Built once per trial; immutable apart from the body array, which callers must not modify.
 */
final class TypicalMessage {
    static final int BODY_SIZE = 1000;
    static final String EXCHANGE = "orders";
    static final String ROUTING_KEY = "eu.orders.created";
    static final String CONSUMER_TAG = "amq.ctag-Nb3QK1AavRf7R6Aw4JtqAQ";

    private TypicalMessage() {
    }

    static FieldTable headers() {
        return FieldTable.builder()
                .put("trace-id", "4bf92f3577b34da6a3ce929d0e0e4736")
                .put("source", "orders-service")
                .put("event-type", "order.created")
                .put("schema-version", 3)
                .put("retry-count", 0)
                .put("replayed", false)
                .put("created-at", Instant.ofEpochSecond(1_700_000_000L))
                .put("tenant", "eu-west/acme")
                .build();
    }

    static BasicProperties properties() {
        return BasicProperties.builder()
                .contentType("application/json")
                .headers(headers())
                .deliveryMode(1)
                .messageId("9f1c2a4e-6b1d-4f0e-8a57-3c2d9e0b7a11")
                .timestamp(1_700_000_000L)
                .appId("orders-service")
                .build();
    }

    static byte[] body() {
        byte[] body = new byte[BODY_SIZE];
        Arrays.fill(body, (byte) 'x');
        return body;
    }
}
