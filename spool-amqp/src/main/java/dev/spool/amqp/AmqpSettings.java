package dev.spool.amqp;

/**
 * The AMQP listener's configuration, read once at start and passed to {@link AmqpServer}. Immutable.
 *
 * @param host                    the address to bind ("0.0.0.0" for every interface)
 * @param port                    the port to bind; 0 picks a free one (see {@link AmqpServer#port()})
 * @param channelMax              the highest channel number offered in connection.tune (1..65535; 0 means no limit)
 * @param frameMax                the largest frame offered in connection.tune, in bytes (4096 and up; 0 means no limit)
 * @param heartbeatSeconds        the heartbeat interval offered in connection.tune; 0 offers none
 * @param ioThreads               event loop threads; 0 means one per available processor
 * @param maxMessageSize          the largest message body accepted, in bytes; a bigger one closes the channel with
 *                                406 PRECONDITION_FAILED as RabbitMQ does
 * @param handshakeTimeoutSeconds how long a client may take from the TCP accept to connection.open
 */
public record AmqpSettings(String host, int port, int channelMax, long frameMax, int heartbeatSeconds, int ioThreads,
                           long maxMessageSize, int handshakeTimeoutSeconds) {

    /** The smallest frame_max AMQP 0-9-1 allows a peer to negotiate. */
    public static final long FRAME_MIN_SIZE = 4096;

    public AmqpSettings {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (channelMax < 0 || channelMax > 65535) {
            throw new IllegalArgumentException("channelMax must be 0..65535, got " + channelMax);
        }
        if (frameMax != 0 && (frameMax < FRAME_MIN_SIZE || frameMax > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("frameMax must be 0 or 4096..4294967295, got " + frameMax);
        }
        if (heartbeatSeconds < 0 || heartbeatSeconds > 65535) {
            throw new IllegalArgumentException("heartbeatSeconds must be 0..65535, got " + heartbeatSeconds);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative, got " + ioThreads);
        }
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize must be positive, got " + maxMessageSize);
        }
        if (handshakeTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("handshakeTimeoutSeconds must be positive, got " + handshakeTimeoutSeconds);
        }
    }

    /** RabbitMQ's defaults: port 5672, channel_max 2047, frame_max 128 KiB, heartbeat 60 s, 128 MiB messages. */
    public static AmqpSettings defaults() {
        return new AmqpSettings("0.0.0.0", 5672, 2047, 131072, 60, 0, 128L * 1024 * 1024, 10);
    }

    /** A copy listening on another port (0 for a free one). */
    public AmqpSettings withPort(int newPort) {
        return new AmqpSettings(host, newPort, channelMax, frameMax, heartbeatSeconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds);
    }

    /** A copy offering another heartbeat interval. */
    public AmqpSettings withHeartbeatSeconds(int seconds) {
        return new AmqpSettings(host, port, channelMax, frameMax, seconds, ioThreads, maxMessageSize,
                handshakeTimeoutSeconds);
    }

    /** A copy with another number of event loop threads (0: one per processor). */
    public AmqpSettings withIoThreads(int threads) {
        return new AmqpSettings(host, port, channelMax, frameMax, heartbeatSeconds, threads, maxMessageSize,
                handshakeTimeoutSeconds);
    }

    /** A copy with another message size limit. */
    public AmqpSettings withMaxMessageSize(long bytes) {
        return new AmqpSettings(host, port, channelMax, frameMax, heartbeatSeconds, ioThreads, bytes,
                handshakeTimeoutSeconds);
    }
}
