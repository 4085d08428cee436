package dev.spool.store.io;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C over a region of a buffer, leaving the buffer's position and limit as they were. Allocates nothing. */
public final class Crc {
    private Crc() {
    }

    /** Resets {@code crc} and returns the CRC32C of {@code buffer[from, to)}. */
    public static int of(CRC32C crc, ByteBuffer buffer, int from, int to) {
        crc.reset();
        update(crc, buffer, from, to);
        return (int) crc.getValue();
    }

    /** Adds {@code buffer[from, to)} to {@code crc}. */
    public static void update(CRC32C crc, ByteBuffer buffer, int from, int to) {
        int position = buffer.position();
        int limit = buffer.limit();
        buffer.limit(to).position(from);
        crc.update(buffer);
        buffer.limit(limit).position(position);
    }
}
