package dev.spool.codec;

/**
 * Thrown when bytes read from the wire do not follow the AMQP 0-9-1 format: a length that runs past the data, an
 * unknown field type, malformed UTF-8 in a short string, a table nested too deep. The frame decoder turns it into a
 * {@code FRAME_ERROR}; anyone else decoding stored bytes should treat it as corruption.
 */
public final class WireFormatException extends RuntimeException {
    public WireFormatException(String message) {
        super(message);
    }
}
