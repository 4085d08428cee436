/**
 * AMQP 0-9-1 framing: the {@link dev.spool.codec.frame.FrameDecoder} that turns a connection's bytes into
 * {@link dev.spool.codec.frame.AmqpFrame}s (after checking the protocol header), and the stateless writers
 * ({@link dev.spool.codec.frame.Frames}, {@link dev.spool.codec.frame.ContentFrames},
 * {@link dev.spool.codec.frame.MethodFrameEncoder}) that put frames back on the wire.
 *
 * <p>This package knows the frame layout and RabbitMQ's framing limits, not the connection or channel state
 * machines: reassembling a method with its content header and body frames, and every rule that depends on what was
 * negotiated or what came before, live in {@code spool-amqp}. The decoder never throws into the pipeline; malformed
 * input becomes a {@link dev.spool.codec.frame.FrameError} carrying RabbitMQ's reply code and text.
 *
 * <pre>
 * frame:  type (octet) | channel (short) | size (long) | payload (size octets) | frame-end 0xCE
 * types:  1 method: class id (short), method id (short), arguments
 *         2 content header: class id (short), weight 0 (short), body size (longlong), property flags and list
 *         3 content body: body bytes, at most frame_max - 8 of them
 *         8 heartbeat: empty payload, channel 0
 * </pre>
 */
package dev.spool.codec.frame;
