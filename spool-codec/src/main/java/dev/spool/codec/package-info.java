/**
 * The AMQP 0-9-1 wire format below the frame: strings ({@link dev.spool.codec.Wire}), field tables and their value
 * types ({@link dev.spool.codec.FieldTable}), the basic-class content properties
 * ({@link dev.spool.codec.BasicProperties}) and the reply codes ({@link dev.spool.codec.ReplyCode}).
 *
 * <p>Everything here is stateless or immutable, so any thread may use it. Decoders trust nothing: every length read
 * from the wire is checked against the readable bytes before anything is allocated, and malformed input raises
 * {@link dev.spool.codec.WireFormatException}. Frames live in {@code dev.spool.codec.frame}, one record per method in
 * {@code dev.spool.codec.method}.
 */
package dev.spool.codec;
