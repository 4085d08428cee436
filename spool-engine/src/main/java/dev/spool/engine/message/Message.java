package dev.spool.engine.message;

import java.util.List;
import java.util.Map;

/**
 * A published message as the engine sees it: where it was published, its properties kept in AMQP wire encoding (so a
 * delivery copies them unchanged), its body, and the few facts routing and queues need, extracted once by the front
 * end. Immutable and shared by every queue it is routed to.
 *
 * <p>The engine never parses {@link #properties()}; anything it needs is passed in explicitly. Header values are the
 * codec's value objects, compared with {@code equals} and read as text with {@code toString}.
 */
public final class Message {
    /** {@link #ttl()} of a message without an {@code expiration} property. */
    public static final long NO_TTL = -1;

    private final String exchange;
    private final String routingKey;
    private final byte[] properties;
    private final byte[] body;
    private final Map<String, Object> headers;
    private final List<String> extraRoutingKeys;
    private final boolean persistent;
    private final int priority;
    private final long publishedAtMillis;
    private final String messageId;
    private final long ttl;
    private final boolean deadLettered;

    /**
     * @param exchange          the exchange named in basic.publish ("" for the default exchange)
     * @param routingKey        the routing key of basic.publish
     * @param properties        the content header's property flags and property list, wire-encoded
     * @param body              the whole body
     * @param headers           the decoded {@code headers} property (never null; empty when absent), used by headers
     *                          exchanges
     * @param extraRoutingKeys  sender-selected routing keys from the CC and BCC headers (never null)
     * @param persistent        delivery-mode 2
     * @param priority          the priority property, 0 when absent
     * @param publishedAtMillis when the broker received it
     */
    public Message(String exchange, String routingKey, byte[] properties, byte[] body, Map<String, Object> headers,
                   List<String> extraRoutingKeys, boolean persistent, int priority, long publishedAtMillis) {
        this(exchange, routingKey, properties, body, headers, extraRoutingKeys, persistent, priority, publishedAtMillis,
                null, NO_TTL, false);
    }

    /**
     * As above, with the facts the front end extracts at publish and the dead-letter mark.
     *
     * @param messageId    the {@code message-id} property, or null when absent; deduplication keys messages by it
     *                     when they carry no deduplication header
     * @param ttl          the TTL of its {@code expiration} property in ms, parsed once by the front end, or
     *                     {@link #NO_TTL}
     * @param deadLettered whether the broker itself published it as a dead letter (its {@code x-death} header is
     *                     then the broker's death history; a client's is ignored, as RabbitMQ 4 does)
     */
    public Message(String exchange, String routingKey, byte[] properties, byte[] body, Map<String, Object> headers,
                   List<String> extraRoutingKeys, boolean persistent, int priority, long publishedAtMillis,
                   String messageId, long ttl, boolean deadLettered) {
        this.messageId = messageId;
        this.ttl = ttl;
        this.deadLettered = deadLettered;
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.properties = properties;
        this.body = body;
        this.headers = headers;
        this.extraRoutingKeys = extraRoutingKeys;
        this.persistent = persistent;
        this.priority = priority;
        this.publishedAtMillis = publishedAtMillis;
    }

    public String exchange() {
        return exchange;
    }

    public String routingKey() {
        return routingKey;
    }

    /** Wire-encoded property flags and list; callers must not modify the array. */
    public byte[] properties() {
        return properties;
    }

    /** The body; callers must not modify the array. */
    public byte[] body() {
        return body;
    }

    public int bodySize() {
        return body.length;
    }

    public Map<String, Object> headers() {
        return headers;
    }

    public List<String> extraRoutingKeys() {
        return extraRoutingKeys;
    }

    public boolean persistent() {
        return persistent;
    }

    public int priority() {
        return priority;
    }

    public long publishedAtMillis() {
        return publishedAtMillis;
    }

    /**
     * The {@code message-id} property, or null when absent. Set by the front end at publish and kept by dead letters;
     * null on messages read back from the log, which have passed deduplication already.
     */
    public String messageId() {
        return messageId;
    }

    /** The TTL of the {@code expiration} property in ms, or {@link #NO_TTL}. */
    public long ttl() {
        return ttl;
    }

    /** Whether the broker published this message as a dead letter (see the constructor). */
    public boolean deadLettered() {
        return deadLettered;
    }

    /** This message as a dead letter the broker publishes: the same in every other respect. */
    public Message asDeadLetter(List<String> routingKeysAfterFirst) {
        return new Message(exchange, routingKey, properties, body, headers, routingKeysAfterFirst, persistent, priority,
                publishedAtMillis, messageId, ttl, true);
    }
}
