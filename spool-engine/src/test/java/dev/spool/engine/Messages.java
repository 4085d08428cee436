package dev.spool.engine;

import dev.spool.engine.message.Message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Builds messages for tests. */
public final class Messages {
    private Messages() {
    }

    public static Message message(String routingKey) {
        return message("", routingKey, Map.of(), List.of(), routingKey);
    }

    public static Message message(String routingKey, String body) {
        return message("", routingKey, Map.of(), List.of(), body);
    }

    public static Message withHeaders(Map<String, Object> headers) {
        return message("", "", headers, List.of(), "h");
    }

    public static Message withExtraRoutingKeys(String routingKey, List<String> extra) {
        return message("", routingKey, Map.of(), extra, routingKey);
    }

    public static Message message(String exchange, String routingKey, Map<String, Object> headers,
                                  List<String> extraRoutingKeys, String body) {
        return new Message(exchange, routingKey, new byte[0], body.getBytes(StandardCharsets.UTF_8), headers,
                extraRoutingKeys, false, 0, 0L);
    }

    public static String body(Message message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }
}
