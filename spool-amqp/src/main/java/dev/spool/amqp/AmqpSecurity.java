package dev.spool.amqp;

/**
 * The AMQP listener's defences beyond the protocol's own limits: an optional TLS listener, and a cap on connections
 * that have not finished the handshake yet (connected but not past connection.open), so that idle or slow half-open
 * sockets cannot exhaust the broker. Immutable.
 *
 * @param tls                   the AMQPS listener, or null for none
 * @param maxHandshaking        how many connections may be in their handshake at once, over both listeners; one more
 *                              is closed at once, before the broker reads anything from it. 0 means no cap
 */
public record AmqpSecurity(AmqpTls tls, int maxHandshaking) {
    /** No TLS listener, no cap. */
    public static final AmqpSecurity NONE = new AmqpSecurity(null, 0);

    public AmqpSecurity {
        if (maxHandshaking < 0) {
            throw new IllegalArgumentException("maxHandshaking must not be negative, got " + maxHandshaking);
        }
    }
}
