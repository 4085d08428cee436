package dev.spool.engine.lease;

import dev.spool.engine.EngineException;
import dev.spool.engine.message.FieldValues;

import java.util.Map;

/**
 * A consumer's request to extend the lease on one of its deliveries (or, with {@code x-multiple}, on all of them up
 * to a tag), made without a new client library: the consumer publishes, on the channel that received the delivery,
 * an empty message to the reserved exchange {@value #EXCHANGE} with the delivery tag as routing key. Headers, all
 * optional: {@value #EXTEND_HEADER} (an integer, milliseconds from now; default: the queue's consumer timeout) and
 * {@value #MULTIPLE_HEADER} (a boolean, like basic.ack's multiple flag).
 *
 * <pre>{@code
 * // Java, inside a long-running handler
 * channel.basicPublish("amq.spool.lease", Long.toString(envelope.getDeliveryTag()), null, new byte[0]);
 * # Python (pika)
 * ch.basic_publish("amq.spool.lease", str(method.delivery_tag), b"",
 *                  pika.BasicProperties(headers={"x-extend-ms": 600000}))
 * }</pre>
 *
 * <p>Why a publish: AMQP 0-9-1 gives no other client-to-broker method that carries a delivery tag and arguments
 * (basic.nack and basic.reject have no properties), and every client can publish. The exchange name starts with
 * {@code amq.}, which clients may not declare, so it cannot clash with an application's exchange.
 *
 * <p><b>How the channel handles it</b> (wired in the AMQP front end, before routing): a publish to {@value #EXCHANGE}
 * is never routed; the channel parses it with {@link #parse}, extends the leases of the deliveries it holds and, with confirms on, confirms it with basic.ack. When the tag is no longer leased
 * (already settled, or its lease ran out and the message went back to the queue) and the publish was mandatory, the
 * channel first returns it with 312 {@code NO_ROUTE}, so a consumer that cares learns it lost the message. Stateless.
 */
public record LeaseRequest(long deliveryTag, long extendMillis, boolean multiple) {
    /** The reserved exchange lease requests are published to. */
    public static final String EXCHANGE = "amq.spool.lease";
    /** Header: how long from now the lease should last, in ms. */
    public static final String EXTEND_HEADER = "x-extend-ms";
    /** Header: extend every outstanding delivery up to and including the tag. */
    public static final String MULTIPLE_HEADER = "x-multiple";
    /** {@link #extendMillis()} when the request names no duration: use the queue's consumer timeout. */
    public static final long QUEUE_TIMEOUT = -1;

    /**
     * Reads a publish to {@value #EXCHANGE}.
     *
     * @throws EngineException PRECONDITION_FAILED when the routing key is not a delivery tag or the headers are not of
     *                         the right types
     */
    public static LeaseRequest parse(String routingKey, Map<String, Object> headers) {
        long tag;
        try {
            tag = Long.parseLong(routingKey);
        } catch (NumberFormatException e) {
            tag = 0;
        }
        if (tag <= 0) {
            throw EngineException.preconditionFailed("invalid lease request: routing key '" + routingKey
                    + "' is not a delivery tag");
        }
        long extend = QUEUE_TIMEOUT;
        Object extendValue = headers.get(EXTEND_HEADER);
        if (extendValue != null) {
            if (!FieldValues.isInteger(extendValue) || ((Number) extendValue).longValue() < 0) {
                throw EngineException.preconditionFailed("invalid lease request: '" + EXTEND_HEADER
                        + "' must be a non-negative integer");
            }
            extend = ((Number) extendValue).longValue();
        }
        Object multipleValue = headers.get(MULTIPLE_HEADER);
        if (multipleValue != null && !(multipleValue instanceof Boolean)) {
            throw EngineException.preconditionFailed("invalid lease request: '" + MULTIPLE_HEADER
                    + "' must be a boolean");
        }
        return new LeaseRequest(tag, extend, Boolean.TRUE.equals(multipleValue));
    }
}
