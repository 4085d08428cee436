package dev.spool.codec.frame;

/**
 * Emitted by {@link FrameDecoder} when the client did not open with {@code AMQP 0 0 9 1}: another protocol version,
 * a TLS handshake, an HTTP request or anything else. The decoder then ignores all further input; the connection
 * handler writes {@link Frames#protocolHeader()} back, as the spec asks, and closes the connection.
 *
 * @param reason what was received, for the log, e.g. {@code "unsupported protocol version 0-0-8-0"}
 */
public record ProtocolHeaderRejected(String reason) {
}
