package dev.spool.engine.durable;

import java.util.Map;

/**
 * How declare and binding arguments are written into the definitions journal. The engine holds arguments as the front
 * end decoded them (its field-table value objects), so the front end supplies the encoding, and decoding gives back
 * the same kind of values a client's redeclaration brings, which keeps equivalence checks working after a restart.
 * Stateless and thread-safe.
 */
public interface ArgumentCodec {
    /** The arguments as bytes; {@code arguments} is never empty. */
    byte[] encode(Map<String, Object> arguments);

    /** What {@link #encode} wrote, as an argument map. */
    Map<String, Object> decode(byte[] encoded);
}
