package dev.spool.management.api;

import dev.spool.engine.EngineException;
import dev.spool.engine.PublishScratch;
import dev.spool.engine.VirtualHost;
import dev.spool.engine.exchange.Exchange;
import dev.spool.engine.message.Message;
import dev.spool.engine.queue.GetResult;
import dev.spool.engine.queue.Queue;
import dev.spool.engine.queue.QueuedMessage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages through the API: RabbitMQ's {@code POST /api/queues/{vhost}/{name}/get} (with {@code ackmode},
 * {@code count}, {@code encoding}, {@code truncate}) and {@code POST /api/exchanges/{vhost}/{name}/publish}; beyond
 * RabbitMQ, {@code GET /api/queues/{vhost}/{name}/peek?count=N} (browse without dequeuing; each message carries its
 * {@code id}) and {@code DELETE /api/queues/{vhost}/{name}/messages/{id}} (drop one ready message).
 */
final class MessagesApi {
    private static final int MAX_PEEK = 1000;

    private final Node node;

    MessagesApi(Node node) {
        this.node = node;
    }

    void routes(RoutesConfig routes) {
        routes.post("/api/queues/{vhost}/{name}/get", this::get);
        routes.get("/api/queues/{vhost}/{name}/peek", this::peek);
        routes.delete("/api/queues/{vhost}/{name}/messages/{id}", this::deleteOne);
        routes.post("/api/exchanges/{vhost}/{name}/publish", this::publish);
    }

    private Queue readableQueue(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        String name = ctx.pathParam("name");
        node.access().requireRead(Access.caller(ctx), vhost.name(), "queue", name);
        Queue queue = vhost.findQueue(name);
        if (queue == null) {
            throw ApiError.notFound();
        }
        return queue;
    }

    private void get(Context ctx) {
        Queue queue = readableQueue(ctx);
        Map<String, Object> body = Json.body(ctx);
        String ackmode = ackmode(body);
        long count = Json.number(body, "count", 1);
        String encoding = Json.text(body, "encoding", "auto");
        if (!"auto".equals(encoding) && !"base64".equals(encoding)) {
            throw ApiError.badRequest("Unsupported encoding. Please use auto or base64.");
        }
        long truncate = Json.number(body, "truncate", -1);
        List<Map<String, Object>> out = new ArrayList<>();
        List<GetResult> taken = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            GetResult result = queue.get(false);
            if (result == null) {
                break;
            }
            taken.add(result);
            Map<String, Object> m = message(result.message(), result.redelivered(), encoding, truncate);
            m.put("message_count", result.messageCount());
            out.add(m);
        }
        settle(queue, taken, ackmode);
        Json.ok(ctx, out);
    }

    private static String ackmode(Map<String, Object> body) {
        Object ackmode = body.get("ackmode");
        if (ackmode == null) {
            Object requeue = body.get("requeue"); // the API before 3.7
            if (requeue == null) {
                throw ApiError.badRequest("ackmode not found");
            }
            return Json.bool(body, "requeue", true) ? "ack_requeue_true" : "ack_requeue_false";
        }
        String mode = ackmode.toString();
        switch (mode) {
            case "ack_requeue_true", "ack_requeue_false", "reject_requeue_true", "reject_requeue_false":
                return mode;
            default:
                throw ApiError.badRequest("Unsupported ackmode '" + mode + "'");
        }
    }

    /** After taking them all (so none is taken twice): requeue, ack or drop, as the ack mode says. */
    private static void settle(Queue queue, List<GetResult> taken, String ackmode) {
        if (taken.isEmpty()) {
            return;
        }
        if (ackmode.endsWith("requeue_true")) {
            long[] ids = new long[taken.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = taken.get(i).entryId();
            }
            queue.requeue(ids, ids.length);
        } else {
            for (GetResult result : taken) {
                if (ackmode.startsWith("ack")) {
                    queue.ack(result.entryId());
                } else {
                    queue.discard(result.entryId());
                }
            }
        }
    }

    private void peek(Context ctx) {
        Queue queue = readableQueue(ctx);
        int count = parseCount(ctx.queryParam("count"));
        String encoding = ctx.queryParam("encoding") == null ? "auto" : ctx.queryParam("encoding");
        long now = node.broker().clock().millis();
        List<Map<String, Object>> out = new ArrayList<>();
        for (QueuedMessage entry : queue.peek(count)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", Long.toString(entry.entryId()));
            m.put("age_ms", Math.max(0, now - entry.message().publishedAtMillis()));
            m.putAll(message(entry.message(), entry.redelivered(), encoding, -1));
            out.add(m);
        }
        Json.ok(ctx, out);
    }

    private static int parseCount(String value) {
        if (value == null) {
            return 10;
        }
        try {
            int count = Integer.parseInt(value);
            if (count < 1 || count > MAX_PEEK) {
                throw ApiError.badRequest("count must be between 1 and " + MAX_PEEK);
            }
            return count;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("count must be a number");
        }
    }

    private void deleteOne(Context ctx) {
        Queue queue = readableQueue(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.notFound();
        }
        if (!queue.removeReady(id)) {
            throw ApiError.notFound();
        }
        ctx.status(204);
    }

    private void publish(Context ctx) {
        VirtualHost vhost = node.vhost(ctx);
        String name = Node.exchangeName(ctx.pathParam("name"));
        node.access().requireWrite(Access.caller(ctx), vhost.name(), "exchange", name.isEmpty() ? "amq.default"
                : name);
        Exchange exchange = vhost.findExchange(name);
        if (exchange == null) {
            throw ApiError.notFound();
        }
        Map<String, Object> body = Json.body(ctx);
        for (String required : new String[] {"routing_key", "payload", "payload_encoding"}) {
            if (!body.containsKey(required)) {
                throw ApiError.badRequest(required + " not found");
            }
        }
        byte[] payload = payload(Json.text(body, "payload", ""), Json.text(body, "payload_encoding", "string"));
        Message message;
        try {
            message = node.format().create(name, Json.text(body, "routing_key", ""), Json.object(body, "properties"),
                    payload, node.broker().clock().millis());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        PublishScratch scratch = new PublishScratch(null); // stored without waiting for the fsync, as RabbitMQ
        int queues;
        try {
            queues = vhost.publish(name, message, scratch, 0);
        } catch (EngineException e) {
            throw ApiError.of(e);
        }
        Json.ok(ctx, Map.of("routed", queues > 0 && !scratch.storeFailed()));
    }

    private static byte[] payload(String payload, String encoding) {
        switch (encoding) {
            case "string":
                return payload.getBytes(StandardCharsets.UTF_8);
            case "base64":
                try {
                    return Base64.getDecoder().decode(payload);
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest("payload is not valid base64");
                }
            default:
                throw ApiError.badRequest("Unsupported payload_encoding '" + encoding + "'");
        }
    }

    /** A message as RabbitMQ's get shows it (without message_count). */
    private Map<String, Object> message(Message message, boolean redelivered, String encoding, long truncate) {
        byte[] body = message.body();
        byte[] shown = truncate >= 0 && body.length > truncate ? Arrays.copyOf(body, (int) truncate) : body;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("payload_bytes", body.length);
        m.put("redelivered", redelivered);
        m.put("exchange", message.exchange());
        m.put("routing_key", message.routingKey());
        m.put("properties", Json.plainMap(node.format().properties(message)));
        String text = "auto".equals(encoding) ? utf8(shown) : null;
        m.put("payload", text != null ? text : Base64.getEncoder().encodeToString(shown));
        m.put("payload_encoding", text != null ? "string" : "base64");
        return m;
    }

    /** The bytes as text when they are valid UTF-8, else null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
