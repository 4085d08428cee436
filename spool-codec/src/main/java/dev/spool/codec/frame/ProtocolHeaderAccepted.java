package dev.spool.codec.frame;

/**
 * Emitted once by {@link FrameDecoder} when the client opened with {@code AMQP 0 0 9 1}; the connection handler
 * answers with {@code connection.start}. Frames follow.
 */
public enum ProtocolHeaderAccepted {
    INSTANCE
}
