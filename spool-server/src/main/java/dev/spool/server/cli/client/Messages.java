package dev.spool.server.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

/** Messages from {@code get} and {@code peek} as a table, in queue order. Stateless. */
final class Messages {
    private Messages() {
    }

    /** One row per message: position, routing, size, redelivered, (age when peeked), payload. */
    static Table table(JsonNode messages, boolean withAge) {
        Table table = withAge
                ? new Table(">#", "EXCHANGE", "ROUTING KEY", ">SIZE", "REDELIVERED", ">AGE", "PAYLOAD")
                : new Table(">#", "EXCHANGE", "ROUTING KEY", ">SIZE", "REDELIVERED", "PAYLOAD");
        int n = 0;
        for (JsonNode m : messages) {
            n++;
            String exchange = ApiCommand.text(m, "exchange");
            String payload = "base64".equals(ApiCommand.text(m, "payload_encoding"))
                    ? "base64:" + ApiCommand.text(m, "payload") : ApiCommand.text(m, "payload");
            Object[] cells = withAge
                    ? new Object[] {n, exchange.isEmpty() ? "(AMQP default)" : exchange,
                        ApiCommand.text(m, "routing_key"), Units.bytes(m.path("payload_bytes").asLong()),
                        m.path("redelivered").asBoolean() ? "yes" : "no", Units.age(m.path("age_ms").asLong()), payload}
                    : new Object[] {n, exchange.isEmpty() ? "(AMQP default)" : exchange,
                        ApiCommand.text(m, "routing_key"), Units.bytes(m.path("payload_bytes").asLong()),
                        m.path("redelivered").asBoolean() ? "yes" : "no", payload};
            table.row(cells);
        }
        return table;
    }
}
