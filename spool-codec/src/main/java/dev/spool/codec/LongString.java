package dev.spool.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A field-table long string ({@code 'S'}): raw bytes, kept exactly as they came off the wire so they re-encode
 * byte for byte, and read as UTF-8 by {@link #toString()}. RabbitMQ does not require long strings to be UTF-8, so
 * neither does this class; {@code toString} replaces malformed sequences.
 *
 * <p>Immutable; any thread. Equality is by content.
 */
public final class LongString {
    /** The empty long string. */
    public static final LongString EMPTY = new LongString(new byte[0]);

    private final byte[] bytes;
    // Racy single-check cache: String is immutable, so a thread that sees a stale null just decodes again.
    private String text;

    private LongString(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The UTF-8 bytes of {@code text}. */
    public static LongString of(String text) {
        return text.isEmpty() ? EMPTY : new LongString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of {@code bytes}. */
    public static LongString of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new LongString(bytes.clone());
    }

    /** Takes ownership of {@code bytes} without copying; for decoders that allocated the array themselves. */
    static LongString wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new LongString(bytes);
    }

    /** The number of bytes (not characters). */
    public int byteLength() {
        return bytes.length;
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Writes the length-prefixed long string. */
    public void writeTo(ByteBuf out) {
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
    }

    /** The bytes read as UTF-8. */
    @Override
    public String toString() {
        String result = text;
        if (result == null) {
            result = new String(bytes, StandardCharsets.UTF_8);
            text = result;
        }
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LongString that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
