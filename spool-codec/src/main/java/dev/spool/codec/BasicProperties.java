package dev.spool.codec;

import static dev.spool.codec.PropertyScanner.APP_ID;
import static dev.spool.codec.PropertyScanner.CLUSTER_ID;
import static dev.spool.codec.PropertyScanner.CONTENT_ENCODING;
import static dev.spool.codec.PropertyScanner.CONTENT_TYPE;
import static dev.spool.codec.PropertyScanner.CORRELATION_ID;
import static dev.spool.codec.PropertyScanner.DELIVERY_MODE;
import static dev.spool.codec.PropertyScanner.EXPIRATION;
import static dev.spool.codec.PropertyScanner.HEADERS;
import static dev.spool.codec.PropertyScanner.MESSAGE_ID;
import static dev.spool.codec.PropertyScanner.PRIORITY;
import static dev.spool.codec.PropertyScanner.REPLY_TO;
import static dev.spool.codec.PropertyScanner.TIMESTAMP;
import static dev.spool.codec.PropertyScanner.TYPE;
import static dev.spool.codec.PropertyScanner.USER_ID;

import io.netty.buffer.ByteBuf;

/**
 * The fourteen properties of the basic class, carried by a content header frame. {@code null} means absent.
 *
 * <p>On the wire: a 16-bit flag word whose bits 15 down to 2 mark which properties are present (bit 0 says another
 * flag word follows), then the present properties in this record's order: short strings, the headers table, the
 * delivery-mode and priority octets and a 64-bit timestamp.
 *
 * <p>The broker keeps properties in this encoded form and hands them on unchanged, so the hot path does not decode
 * them: the static {@code peek} methods read one property straight from the encoded bytes. Immutable; any thread.
 *
 * @param deliveryMode 1 (transient) or 2 (persistent), as an octet
 * @param priority     0 to 255, as an octet (RabbitMQ honours 0 to 255 and clamps to the queue's maximum)
 * @param timestamp    seconds since the Unix epoch
 */
public record BasicProperties(String contentType, String contentEncoding, FieldTable headers, Integer deliveryMode,
                              Integer priority, String correlationId, String replyTo, String expiration,
                              String messageId, Long timestamp, String type, String userId, String appId,
                              String clusterId) {

    /** The class id of the basic class, whose content these properties describe. */
    public static final int CLASS_ID = 60;
    /** The delivery mode of a persistent message. */
    public static final int PERSISTENT = 2;
    /** No property present. */
    public static final BasicProperties EMPTY = new Builder().build();

    /** Checks that octets fit an octet and strings fit a short string, so {@link #encode} cannot fail halfway. */
    public BasicProperties {
        checkOctet(deliveryMode, "delivery mode");
        checkOctet(priority, "priority");
        for (String value : new String[] {contentType, contentEncoding, correlationId, replyTo, expiration, messageId,
                                          type, userId, appId, clusterId}) {
            Wire.shortStringLength(value);
        }
    }

    private static void checkOctet(Integer value, String what) {
        if (value != null && (value < 0 || value > 0xFF)) {
            throw new IllegalArgumentException(what + " must fit an octet: " + value);
        }
    }

    /**
     * Reads the flag words and the present properties, leaving the reader index just past them.
     *
     * @throws WireFormatException if they are malformed or a continuation word flags a property the class lacks
     */
    public static BasicProperties decode(ByteBuf in) {
        long flagsAndIndex = PropertyScanner.readFlags(in, in.readerIndex());
        int flags = (int) (flagsAndIndex >>> 32);
        in.readerIndex((int) flagsAndIndex);
        if (flags == 0) {
            return EMPTY;
        }
        return new BasicProperties(
                string(in, flags, CONTENT_TYPE),
                string(in, flags, CONTENT_ENCODING),
                (flags & HEADERS) != 0 ? FieldTable.decode(in) : null,
                octet(in, flags, DELIVERY_MODE),
                octet(in, flags, PRIORITY),
                string(in, flags, CORRELATION_ID),
                string(in, flags, REPLY_TO),
                string(in, flags, EXPIRATION),
                string(in, flags, MESSAGE_ID),
                timestamp(in, flags),
                string(in, flags, TYPE),
                string(in, flags, USER_ID),
                string(in, flags, APP_ID),
                string(in, flags, CLUSTER_ID));
    }

    private static String string(ByteBuf in, int flags, int property) {
        return (flags & property) != 0 ? Wire.readShortString(in) : null;
    }

    private static Integer octet(ByteBuf in, int flags, int property) {
        if ((flags & property) == 0) {
            return null;
        }
        Wire.require(in, 1, "octet property");
        return (int) in.readUnsignedByte();
    }

    private static Long timestamp(ByteBuf in, int flags) {
        if ((flags & TIMESTAMP) == 0) {
            return null;
        }
        Wire.require(in, 8, "timestamp property");
        return in.readLong();
    }

    /** Writes one flag word and the present properties. */
    public void encode(ByteBuf out) {
        out.writeShort(flags());
        writeString(out, contentType);
        writeString(out, contentEncoding);
        if (headers != null) {
            FieldTable.encode(out, headers);
        }
        if (deliveryMode != null) {
            out.writeByte(deliveryMode);
        }
        if (priority != null) {
            out.writeByte(priority);
        }
        writeString(out, correlationId);
        writeString(out, replyTo);
        writeString(out, expiration);
        writeString(out, messageId);
        if (timestamp != null) {
            out.writeLong(timestamp);
        }
        writeString(out, type);
        writeString(out, userId);
        writeString(out, appId);
        writeString(out, clusterId);
    }

    private static void writeString(ByteBuf out, String value) {
        if (value != null) {
            Wire.writeShortString(out, value);
        }
    }

    private int flags() {
        return (contentType != null ? CONTENT_TYPE : 0) | (contentEncoding != null ? CONTENT_ENCODING : 0)
                | (headers != null ? HEADERS : 0) | (deliveryMode != null ? DELIVERY_MODE : 0)
                | (priority != null ? PRIORITY : 0) | (correlationId != null ? CORRELATION_ID : 0)
                | (replyTo != null ? REPLY_TO : 0) | (expiration != null ? EXPIRATION : 0)
                | (messageId != null ? MESSAGE_ID : 0) | (timestamp != null ? TIMESTAMP : 0)
                | (type != null ? TYPE : 0) | (userId != null ? USER_ID : 0) | (appId != null ? APP_ID : 0)
                | (clusterId != null ? CLUSTER_ID : 0);
    }

    /** Whether the delivery mode is 2. */
    public boolean persistent() {
        return deliveryMode != null && deliveryMode == PERSISTENT;
    }

    /**
     * The delivery mode in encoded properties, or -1 when absent; reads only what precedes it and leaves
     * {@code raw}'s indexes untouched.
     *
     * @throws WireFormatException if what precedes it is malformed
     */
    public static int peekDeliveryMode(ByteBuf raw) {
        int index = PropertyScanner.indexOf(raw, DELIVERY_MODE);
        return index < 0 ? -1 : PropertyScanner.octetAt(raw, index);
    }

    /** The priority in encoded properties, or -1 when absent (RabbitMQ then treats it as 0); indexes untouched. */
    public static int peekPriority(ByteBuf raw) {
        int index = PropertyScanner.indexOf(raw, PRIORITY);
        return index < 0 ? -1 : PropertyScanner.octetAt(raw, index);
    }

    /** The expiration (per-message TTL) in encoded properties, or {@code null} when absent; indexes untouched. */
    public static String peekExpiration(ByteBuf raw) {
        int index = PropertyScanner.indexOf(raw, EXPIRATION);
        return index < 0 ? null : PropertyScanner.shortStringAt(raw, index);
    }

    /** The message-id in encoded properties, or {@code null} when absent; indexes untouched. */
    public static String peekMessageId(ByteBuf raw) {
        int index = PropertyScanner.indexOf(raw, MESSAGE_ID);
        return index < 0 ? null : PropertyScanner.shortStringAt(raw, index);
    }

    /**
     * The reply-to in encoded properties, or {@code null} when absent; indexes untouched. Reads the flag word alone
     * when the property is absent, so the publish path may ask for every message.
     */
    public static String peekReplyTo(ByteBuf raw) {
        if (raw.readableBytes() < 2 || (raw.getUnsignedShort(raw.readerIndex()) & REPLY_TO) == 0) {
            return null;
        }
        int index = PropertyScanner.indexOf(raw, REPLY_TO);
        return index < 0 ? null : PropertyScanner.shortStringAt(raw, index);
    }

    /** The headers in encoded properties (for headers exchanges), or {@code null} when absent; indexes untouched. */
    public static FieldTable peekHeaders(ByteBuf raw) {
        int index = PropertyScanner.indexOf(raw, HEADERS);
        return index < 0 ? null : FieldTable.decode(raw.duplicate().readerIndex(index));
    }

    /**
     * Checks that {@code raw}'s readable bytes are exactly well-formed encoded properties, without decoding them:
     * lengths are followed, the headers table is not looked into. Indexes untouched.
     *
     * @throws WireFormatException if they are not
     */
    public static void checkWellFormed(ByteBuf raw) {
        PropertyScanner.check(raw);
    }

    public BasicProperties withHeaders(FieldTable newHeaders) {
        return toBuilder().headers(newHeaders).build();
    }

    public BasicProperties withDeliveryMode(Integer newDeliveryMode) {
        return toBuilder().deliveryMode(newDeliveryMode).build();
    }

    public BasicProperties withReplyTo(String newReplyTo) {
        return toBuilder().replyTo(newReplyTo).build();
    }

    public BasicProperties withExpiration(String newExpiration) {
        return toBuilder().expiration(newExpiration).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().contentType(contentType).contentEncoding(contentEncoding).headers(headers)
                .deliveryMode(deliveryMode).priority(priority).correlationId(correlationId).replyTo(replyTo)
                .expiration(expiration).messageId(messageId).timestamp(timestamp).type(type).userId(userId)
                .appId(appId).clusterId(clusterId);
    }

    /** Sets properties one by one; everything not set stays absent. */
    public static final class Builder {
        private String contentType;
        private String contentEncoding;
        private FieldTable headers;
        private Integer deliveryMode;
        private Integer priority;
        private String correlationId;
        private String replyTo;
        private String expiration;
        private String messageId;
        private Long timestamp;
        private String type;
        private String userId;
        private String appId;
        private String clusterId;

        private Builder() {
        }

        public Builder contentType(String value) {
            contentType = value;
            return this;
        }

        public Builder contentEncoding(String value) {
            contentEncoding = value;
            return this;
        }

        public Builder headers(FieldTable value) {
            headers = value;
            return this;
        }

        public Builder deliveryMode(Integer value) {
            deliveryMode = value;
            return this;
        }

        public Builder priority(Integer value) {
            priority = value;
            return this;
        }

        public Builder correlationId(String value) {
            correlationId = value;
            return this;
        }

        public Builder replyTo(String value) {
            replyTo = value;
            return this;
        }

        public Builder expiration(String value) {
            expiration = value;
            return this;
        }

        public Builder messageId(String value) {
            messageId = value;
            return this;
        }

        public Builder timestamp(Long value) {
            timestamp = value;
            return this;
        }

        public Builder type(String value) {
            type = value;
            return this;
        }

        public Builder userId(String value) {
            userId = value;
            return this;
        }

        public Builder appId(String value) {
            appId = value;
            return this;
        }

        public Builder clusterId(String value) {
            clusterId = value;
            return this;
        }

        public BasicProperties build() {
            return new BasicProperties(contentType, contentEncoding, headers, deliveryMode, priority, correlationId,
                    replyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
        }
    }
}
