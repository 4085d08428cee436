package dev.spool.engine.client;

import java.util.Map;

/**
 * One client connection as management sees it, implemented by a front end (the AMQP server, one per connection) and
 * registered in the {@link ClientRegistry} from the moment it is open until its socket closes.
 *
 * <p>Threading: the getters are called from management threads and must be safe there (immutable facts fixed when
 * the connection opened). {@link #close(String)} may be called from any thread; the implementation hops onto the
 * connection's own thread.
 */
public interface ClientConnection {
    /** RabbitMQ's connection name: {@code "peerHost:peerPort -> host:port"}, unique among open connections. */
    String name();

    /** The authenticated user. */
    String user();

    /** The virtual host it opened. */
    String vhost();

    /** The client's address. */
    String peerHost();

    int peerPort();

    /** The broker's address the client connected to. */
    String host();

    int port();

    /** {@code "AMQP 0-9-1"}. */
    String protocol();

    /** The client properties sent in connection.start-ok, values as plain Java objects (never null). */
    Map<String, Object> clientProperties();

    /** When the connection was opened, milliseconds since the epoch. */
    long connectedAtMillis();

    /** The negotiated channel_max (0: no limit). */
    int channelMax();

    /** The negotiated frame_max in bytes. */
    long frameMax();

    /** The negotiated heartbeat timeout in seconds (0: none). */
    int heartbeatSeconds();

    /**
     * Closes the connection as the broker does when an operator asks for it: AMQP's connection.close 320
     * CONNECTION_FORCED with {@code reason} as its text. Any thread; returns at once.
     */
    void close(String reason);
}
