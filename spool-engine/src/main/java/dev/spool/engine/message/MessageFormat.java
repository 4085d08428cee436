package dev.spool.engine.message;

import java.util.Map;

/**
 * Builds and reads messages in a front end's encoding, for callers that have no wire of their own (management
 * publishes and shows messages). The AMQP front end implements it: properties are kept in AMQP wire encoding, which
 * the engine never parses.
 *
 * <p>Properties are named as RabbitMQ's management API names them: {@code content_type}, {@code content_encoding},
 * {@code headers}, {@code delivery_mode}, {@code priority}, {@code correlation_id}, {@code reply_to},
 * {@code expiration}, {@code message_id}, {@code timestamp}, {@code type}, {@code user_id}, {@code app_id},
 * {@code cluster_id}. Implementations are stateless and thread-safe.
 */
public interface MessageFormat {
    /**
     * Builds a message as if it was published on {@code exchange} with {@code routingKey}.
     *
     * @param properties the properties by name; values are strings, numbers, booleans, lists and maps
     * @throws IllegalArgumentException for a property of the wrong type or out of range
     */
    Message create(String exchange, String routingKey, Map<String, Object> properties, byte[] body, long nowMillis);

    /** The message's properties by name; absent ones are left out. Header values become plain Java values. */
    Map<String, Object> properties(Message message);

    /**
     * A copy of {@code message} for the broker to route again (dead letters, delayed and retried messages): the same
     * body and properties but for the changes asked for, published on {@code exchange} with {@code routingKey} and
     * received at {@code nowMillis}. CC and BCC headers are read again from the result, as for a publish.
     *
     * @param headerChanges   headers to put (plain Java values: {@code String}, {@code Long}, {@code Integer},
     *                        {@code Boolean}, {@code java.time.Instant}, {@code List}, {@code Map}, or values taken from
     *                        this message's own headers); a {@code null} value removes the header
     * @param dropExpiration  whether to remove the {@code expiration} property
     */
    Message rewrite(Message message, String exchange, String routingKey, Map<String, Object> headerChanges,
                    boolean dropExpiration, long nowMillis);

    /**
     * Reads the nested header values (tables, timestamps) of messages in this format, for engine code that looks
     * inside them (the death history of a dead letter).
     */
    default FieldReader fieldReader() {
        return FieldReader.PLAIN;
    }

    /** The message's {@code expiration} property as sent, or null: dead letters keep it as original-expiration. */
    default String expiration(Message message) {
        Object expiration = properties(message).get("expiration");
        return expiration == null ? null : expiration.toString();
    }
}
