package dev.spool.store.format;

import java.nio.ByteOrder;

/**
 * The 32-byte header that opens every file Spool writes (segments, settlement files, the definitions log, the
 * data-directory format file, deduplication logs).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            Magic: 4 ASCII bytes naming the file kind            |  0
 *  +---------------------------------------------------------------+
 *  |                        Format Version                           |  4
 *  +---------------------------------------------------------------+
 *  |                     File Id (64 bits): the segment              |  8
 *  |                  id for .seg and .ack files, else 0             |
 *  +---------------------------------------------------------------+
 *  |                 Created At (epoch millis, 64 bits)              | 16
 *  |                                                                 |
 *  +---------------------------------------------------------------+
 *  |                          Reserved (0)                           | 24
 *  +---------------------------------------------------------------+
 *  |                  CRC32C of bytes [0, 28)                        | 28
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Readers check the magic first (a wrong one means "not our file"), then the version (a newer one means "upgrade
 * Spool", checked before the CRC because a future version may lay the rest out differently), then the CRC (a bad one
 * means the header was torn while the file was being created). Integers are little-endian.
 */
public final class FileHeaderDescriptor {
    /** Byte order of every integer in every Spool file. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /** The one format version this Spool reads and writes. Bump it when any layout in this package changes. */
    public static final int FORMAT_VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int FILE_ID_OFFSET = 8;
    public static final int CREATED_AT_OFFSET = 16;
    public static final int RESERVED_OFFSET = 24;
    public static final int CRC_OFFSET = 28;
    public static final int LENGTH = 32;

    /** Message segment ({@code .seg}). */
    public static final int SEGMENT_MAGIC = magic("SPLS");
    /** Settlement file of a segment ({@code .ack}). */
    public static final int SETTLEMENT_MAGIC = magic("SPLA");
    /** Definitions log. */
    public static final int DEFINITIONS_MAGIC = magic("SPLD");
    /** The data directory's format file. */
    public static final int FORMAT_FILE_MAGIC = magic("SPLF");
    /** A queue's or exchange's deduplication log. */
    public static final int DEDUPLICATION_MAGIC = magic("SPLU");

    private FileHeaderDescriptor() {
    }

    /** The magic as read back as a little-endian int from the 4 ASCII bytes of {@code name}. */
    static int magic(String name) {
        if (name.length() != 4) {
            throw new IllegalArgumentException("magic must be 4 ASCII characters: " + name);
        }
        return name.charAt(0) | name.charAt(1) << 8 | name.charAt(2) << 16 | name.charAt(3) << 24;
    }

    /** The 4 ASCII characters of a magic, for messages. */
    public static String magicName(int magic) {
        char[] chars = new char[4];
        for (int i = 0; i < 4; i++) {
            int c = (magic >>> (8 * i)) & 0xFF;
            chars[i] = c >= 0x20 && c < 0x7F ? (char) c : '?';
        }
        return new String(chars);
    }
}
