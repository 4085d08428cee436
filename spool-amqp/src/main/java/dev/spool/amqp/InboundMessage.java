package dev.spool.amqp;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.FieldTable;
import dev.spool.codec.LongString;
import dev.spool.codec.method.BasicPublish;
import dev.spool.engine.expiry.MessageExpiration;
import dev.spool.engine.message.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an assembled basic.publish (method, encoded properties, body) into the engine's {@link Message}: properties
 * stay in wire encoding, the body is copied once into an array, and the few facts routing and queues need are read
 * straight from the encoded properties (delivery mode, priority, the expiration as a TTL, and the message-id when
 * present, which deduplication keys by). Headers are decoded only when the property flags say they are present; then the {@code CC} and
 * {@code BCC} headers (arrays of long strings) become extra routing keys and {@code BCC} is removed from what
 * consumers see, as RabbitMQ does.
 *
 * <p>Stateless; called on the publishing connection's event loop.
 */
final class InboundMessage {
    private static final int HEADERS_FLAG = 1 << 13;
    private static final int MESSAGE_ID_FLAG = 1 << 7;
    private static final int EXPIRATION_FLAG = 1 << 8;
    private static final String CC = "CC";
    private static final String BCC = "BCC";
    private static final String[] ROUTING_HEADERS = {CC, BCC};

    private InboundMessage() {
    }

    /**
     * Builds the message. Does not release the buffers.
     *
     * @throws AmqpError 406 when CC or BCC is not an array ("invalid message", as RabbitMQ)
     * @throws dev.spool.engine.EngineException 406 for an expiration that is not a TTL ({@code invalid expiration})
     */
    static Message create(BasicPublish publish, ByteBuf properties, ByteBuf body, long nowMillis) {
        int mode = BasicProperties.peekDeliveryMode(properties);
        int priority = Math.max(0, BasicProperties.peekPriority(properties));
        byte[] bodyBytes = ByteBufUtil.getBytes(body);
        Map<String, Object> headers = Collections.emptyMap();
        List<String> extraRoutingKeys = Collections.emptyList();
        byte[] encoded;
        int flags = properties.readableBytes() >= 2 ? properties.getUnsignedShort(properties.readerIndex()) : 0;
        long ttl = (flags & EXPIRATION_FLAG) == 0 ? Message.NO_TTL
                : MessageExpiration.parseTtl(BasicProperties.peekExpiration(properties));
        if ((flags & HEADERS_FLAG) == 0) {
            encoded = ByteBufUtil.getBytes(properties);
        } else {
            FieldTable table = BasicProperties.peekHeaders(properties);
            extraRoutingKeys = routingHeaders(table);
            if (table.containsKey(BCC)) {
                table = table.toBuilder().remove(BCC).build();
                encoded = reencode(BasicProperties.decode(properties.duplicate()).withHeaders(table));
            } else {
                encoded = ByteBufUtil.getBytes(properties);
            }
            headers = table.asMap();
        }
        // decoded only when the property is there: deduplication falls back to it when no header names a key
        String messageId = (flags & MESSAGE_ID_FLAG) == 0 ? null : BasicProperties.peekMessageId(properties);
        return new Message(publish.exchange(), publish.routingKey(), encoded, bodyBytes, headers, extraRoutingKeys,
                mode == BasicProperties.PERSISTENT, priority, nowMillis, messageId, ttl, false);
    }

    private static byte[] reencode(BasicProperties properties) {
        ByteBuf out = Unpooled.buffer(256);
        try {
            properties.encode(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** The CC then BCC routing keys; RabbitMQ takes the long strings of an array and ignores other elements. */
    private static List<String> routingHeaders(FieldTable headers) {
        List<String> keys = null;
        for (String name : ROUTING_HEADERS) {
            if (!headers.containsKey(name)) {
                continue;
            }
            Object value = headers.get(name);
            if (!(value instanceof List<?> routes)) {
                throw AmqpError.preconditionFailed("invalid message: {unacceptable_type_in_header,\"" + name
                        + "\"," + typeName(value) + "}");
            }
            for (Object route : routes) {
                if (route instanceof LongString) {
                    if (keys == null) {
                        keys = new ArrayList<>(routes.size());
                    }
                    keys.add(route.toString());
                }
            }
        }
        return keys == null ? Collections.emptyList() : Collections.unmodifiableList(keys);
    }

    /** RabbitMQ's name for a field value's type, as its error texts show it. */
    private static String typeName(Object value) {
        if (value == null) {
            return "void";
        }
        if (value instanceof LongString) {
            return "longstr";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof FieldTable) {
            return "table";
        }
        if (value instanceof Integer) {
            return "signedint";
        }
        if (value instanceof Long) {
            return "long";
        }
        if (value instanceof byte[]) {
            return "binary";
        }
        return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
