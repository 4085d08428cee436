package dev.spool.amqp;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.FieldTable;
import dev.spool.codec.method.BasicPublish;
import dev.spool.engine.message.FieldReader;
import dev.spool.engine.message.Message;
import dev.spool.engine.message.MessageFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link MessageFormat} in AMQP 0-9-1's encoding, for management's publish, get and peek: a message built here is
 * exactly what basic.publish with the same properties would have produced ({@link InboundMessage} does the work, CC
 * and BCC included). Stateless; any thread.
 */
public final class AmqpMessageFormat implements MessageFormat {
    /** The one instance. */
    public static final AmqpMessageFormat INSTANCE = new AmqpMessageFormat();

    private AmqpMessageFormat() {
    }

    @Override
    public Message create(String exchange, String routingKey, Map<String, Object> properties, byte[] body,
                          long nowMillis) {
        BasicProperties decoded = toProperties(properties == null ? Map.of() : properties);
        ByteBuf encoded = Unpooled.buffer(64);
        try {
            decoded.encode(encoded);
            return InboundMessage.create(new BasicPublish(0, exchange, routingKey, false, false), encoded,
                    Unpooled.wrappedBuffer(body), nowMillis);
        } catch (dev.spool.engine.EngineException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (AmqpError e) {
            throw new IllegalArgumentException(e.detail(), e);
        } finally {
            encoded.release();
        }
    }

    @Override
    public Map<String, Object> properties(Message message) {
        BasicProperties p = BasicProperties.decode(Unpooled.wrappedBuffer(message.properties()));
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "content_type", p.contentType());
        put(out, "content_encoding", p.contentEncoding());
        put(out, "priority", p.priority());
        put(out, "correlation_id", p.correlationId());
        put(out, "reply_to", p.replyTo());
        put(out, "expiration", p.expiration());
        put(out, "message_id", p.messageId());
        put(out, "timestamp", p.timestamp());
        put(out, "type", p.type());
        put(out, "user_id", p.userId());
        put(out, "app_id", p.appId());
        put(out, "cluster_id", p.clusterId());
        put(out, "delivery_mode", p.deliveryMode());
        if (p.headers() != null) {
            out.put("headers", PlainValues.of(p.headers()));
        }
        return out;
    }

    @Override
    public Message rewrite(Message message, String exchange, String routingKey, Map<String, Object> headerChanges,
                           boolean dropExpiration, long nowMillis) {
        BasicProperties p = BasicProperties.decode(Unpooled.wrappedBuffer(message.properties()));
        if (!headerChanges.isEmpty()) {
            FieldTable.Builder headers = p.headers() == null ? FieldTable.builder() : p.headers().toBuilder();
            for (Map.Entry<String, Object> change : headerChanges.entrySet()) {
                if (change.getValue() == null) {
                    headers.remove(change.getKey());
                } else {
                    headers.put(change.getKey(), change.getValue());
                }
            }
            FieldTable built = headers.build();
            p = p.withHeaders(built.isEmpty() ? null : built);
        }
        if (dropExpiration) {
            p = p.withExpiration(null);
        }
        ByteBuf encoded = Unpooled.buffer(message.properties().length + 64);
        try {
            p.encode(encoded);
            return InboundMessage.create(new BasicPublish(0, exchange, routingKey, false, false), encoded,
                    Unpooled.wrappedBuffer(message.body()), nowMillis);
        } catch (AmqpError e) {
            throw new IllegalArgumentException(e.detail(), e);
        } finally {
            encoded.release();
        }
    }

    @Override
    public FieldReader fieldReader() {
        return CodecFieldReader.INSTANCE;
    }

    @Override
    public String expiration(Message message) {
        return BasicProperties.peekExpiration(Unpooled.wrappedBuffer(message.properties()));
    }

    private static void put(Map<String, Object> out, String name, Object value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    private static BasicProperties toProperties(Map<String, Object> map) {
        BasicProperties.Builder b = BasicProperties.builder();
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            Object v = entry.getValue();
            if (v == null) {
                continue;
            }
            switch (entry.getKey()) {
                case "content_type" -> b.contentType(text(v));
                case "content_encoding" -> b.contentEncoding(text(v));
                case "priority" -> b.priority(integer(entry.getKey(), v));
                case "correlation_id" -> b.correlationId(text(v));
                case "reply_to" -> b.replyTo(text(v));
                case "expiration" -> b.expiration(text(v));
                case "message_id" -> b.messageId(text(v));
                case "timestamp" -> b.timestamp((long) integer(entry.getKey(), v));
                case "type" -> b.type(text(v));
                case "user_id" -> b.userId(text(v));
                case "app_id" -> b.appId(text(v));
                case "cluster_id" -> b.clusterId(text(v));
                case "delivery_mode" -> b.deliveryMode(integer(entry.getKey(), v));
                case "headers" -> b.headers(headers(v));
                default -> throw new IllegalArgumentException("unknown property '" + entry.getKey() + "'");
            }
        }
        return b.build();
    }

    private static String text(Object v) {
        return v.toString();
    }

    private static int integer(String name, Object v) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property '" + name + "' must be a number, got '" + v + "'");
        }
    }

    private static FieldTable headers(Object v) {
        if (!(v instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("property 'headers' must be an object");
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            plain.put(String.valueOf(e.getKey()), e.getValue());
        }
        return FieldTable.of(plain);
    }
}
