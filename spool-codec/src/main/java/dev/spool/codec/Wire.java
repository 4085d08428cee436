package dev.spool.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes the two AMQP string types: the short string (a length octet and up to 255 bytes of UTF-8) and the
 * long string (an unsigned 32-bit length and that many raw bytes).
 *
 * <p>Stateless; any thread. Readers check every length against {@link ByteBuf#readableBytes()} before allocating and
 * throw {@link WireFormatException} when it runs past the data, so a hostile length costs nothing.
 */
public final class Wire {
    /** The longest short string, in UTF-8 bytes. */
    public static final int SHORT_STRING_MAX = 255;

    private Wire() {
    }

    /**
     * Reads a short string. Its bytes must be well-formed UTF-8: decoding malformed bytes would silently replace them
     * and break byte-exact round trips, so they raise {@link WireFormatException} instead.
     */
    public static String readShortString(ByteBuf in) {
        require(in, 1, "short string length");
        int length = in.readUnsignedByte();
        if (length == 0) {
            return "";
        }
        require(in, length, "short string");
        int index = in.readerIndex();
        if (!ByteBufUtil.isText(in, index, length, StandardCharsets.UTF_8)) {
            throw new WireFormatException("malformed UTF-8 in short string");
        }
        String value = in.toString(index, length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    /**
     * Writes a short string; {@code null} writes the empty string.
     *
     * @throws IllegalArgumentException if the UTF-8 form is longer than 255 bytes (nothing is written then)
     */
    public static void writeShortString(ByteBuf out, String value) {
        if (value == null || value.isEmpty()) {
            out.writeByte(0);
            return;
        }
        int length = shortStringLength(value);
        out.writeByte(length);
        ByteBufUtil.reserveAndWriteUtf8(out, value, length);
    }

    /**
     * The UTF-8 length of {@code value} as a short string ({@code null} counts as empty).
     *
     * @throws IllegalArgumentException if it is longer than 255 bytes
     */
    public static int shortStringLength(String value) {
        if (value == null) {
            return 0;
        }
        int length = ByteBufUtil.utf8Bytes(value);
        if (length > SHORT_STRING_MAX) {
            throw new IllegalArgumentException("short string of " + length + " UTF-8 bytes is longer than 255: "
                    + value.substring(0, Math.min(value.length(), 40)) + "...");
        }
        return length;
    }

    /** Reads a long string as raw bytes; its declared length is checked before the array is allocated. */
    public static byte[] readLongString(ByteBuf in) {
        require(in, 4, "long string length");
        long length = in.readUnsignedInt();
        require(in, length, "long string");
        byte[] bytes = new byte[(int) length];
        in.readBytes(bytes);
        return bytes;
    }

    /** Writes a long string; {@code null} writes the empty string. */
    public static void writeLongString(ByteBuf out, byte[] value) {
        if (value == null) {
            out.writeInt(0);
            return;
        }
        out.writeInt(value.length);
        out.writeBytes(value);
    }

    /** Throws unless {@code in} holds at least {@code length} more bytes for {@code what}. */
    static void require(ByteBuf in, long length, String what) {
        if (length > in.readableBytes()) {
            throw new WireFormatException(what + " of " + length + " octets runs past the " + in.readableBytes()
                    + " remaining");
        }
    }
}
