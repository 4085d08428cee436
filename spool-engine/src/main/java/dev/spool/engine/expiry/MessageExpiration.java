package dev.spool.engine.expiry;

import dev.spool.engine.EngineException;

import java.math.BigInteger;

/**
 * A message's expiry time from its {@code expiration} property and its queue's {@code x-message-ttl}. The property
 * is checked on publish as RabbitMQ's {@code rabbit_basic:parse_expiration/1} checks it (Erlang's
 * {@code string:to_integer}: an optional sign and digits, nothing else), and a bad one closes the channel with 406,
 * e.g. {@code invalid expiration 'abc': no_integer} or {@code invalid expiration '-1': {value_negative,-1}}. The lower
 * of message TTL and queue TTL applies, counted from when the queue received the message. A TTL of 0 expires the
 * message at once unless a consumer can take it on arrival, as in RabbitMQ. Stateless; any thread.
 */
public final class MessageExpiration {
    /** No TTL. */
    public static final long NO_TTL = -1;
    /** The expiry time of a message that never expires. */
    public static final long NEVER = Long.MAX_VALUE;

    private static final BigInteger MAX_EXPIRY = BigInteger.valueOf(4_294_967_295L);

    private MessageExpiration() {
    }

    /**
     * The TTL in the {@code expiration} property.
     *
     * @param expiration the property's text, or null when absent
     * @return the TTL in ms, or {@link #NO_TTL} when absent
     * @throws EngineException PRECONDITION_FAILED with RabbitMQ's text when it is not a TTL
     */
    public static long parseTtl(String expiration) {
        if (expiration == null) {
            return NO_TTL;
        }
        int i = 0;
        int length = expiration.length();
        if (i < length && (expiration.charAt(i) == '-' || expiration.charAt(i) == '+')) {
            i++;
        }
        int digitsStart = i;
        while (i < length && expiration.charAt(i) >= '0' && expiration.charAt(i) <= '9') {
            i++;
        }
        if (i == digitsStart) {
            throw invalid(expiration, "no_integer");
        }
        if (i < length) {
            throw invalid(expiration, "{leftover_string,\"" + expiration.substring(i).replace("\\", "\\\\")
                    .replace("\"", "\\\"") + "\"}");
        }
        BigInteger ttl = new BigInteger(expiration.charAt(0) == '+' ? expiration.substring(1) : expiration);
        if (ttl.compareTo(MAX_EXPIRY) > 0) {
            throw invalid(expiration, "{value_too_big," + ttl + "}");
        }
        if (ttl.signum() < 0) {
            throw invalid(expiration, "{value_negative," + ttl + "}");
        }
        return ttl.longValue();
    }

    /**
     * When a message expires: the lower of its own TTL and its queue's, from when the queue received it.
     *
     * @param receivedAt the queue's clock at enqueue (ms)
     * @param messageTtl the {@code expiration} TTL, or {@link #NO_TTL}
     * @param queueTtl   the queue's resolved message TTL, or a negative value for none
     * @return the expiry time, or {@link #NEVER}
     */
    public static long expiresAt(long receivedAt, long messageTtl, long queueTtl) {
        long ttl;
        if (messageTtl < 0) {
            ttl = queueTtl;
        } else if (queueTtl < 0) {
            ttl = messageTtl;
        } else {
            ttl = Math.min(messageTtl, queueTtl);
        }
        if (ttl < 0) {
            return NEVER;
        }
        long expiresAt = receivedAt + ttl;
        return expiresAt < receivedAt ? NEVER : expiresAt;
    }

    private static EngineException invalid(String expiration, String why) {
        return EngineException.preconditionFailed("invalid expiration '" + expiration + "': " + why);
    }
}
