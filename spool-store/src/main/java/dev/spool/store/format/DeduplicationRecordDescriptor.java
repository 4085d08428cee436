package dev.spool.store.format;

/**
 * A record in a deduplication log: one key a queue or exchange accepted, with the time it leaves the window, or a
 * tombstone that takes a key back out. The file is a {@link FileHeaderDescriptor file header} (magic SPLU) followed by
 * these records.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |          Frame Length: the whole record, header included       |  0
 *  +---------------------------------------------------------------+
 *  |               CRC32C of bytes [8, Frame Length)                 |  4
 *  +---------------------------------------------------------------+
 *  |        Expires At (epoch millis, 64 bits): Long.MAX_VALUE      |  8
 *  |        for never, {@link #TOMBSTONE} for "forget this key"      |
 *  +---------------------------------------------------------------+
 *  |  Key: the rest of the frame, UTF-8                            ... 16
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Replaying the file in order rebuilds the window: a later record for a key replaces an earlier one and becomes the
 * most recently seen. Compaction writes the live window, least recently seen first, into a new file that replaces the
 * old one.
 */
public final class DeduplicationRecordDescriptor {
    public static final int FRAME_LENGTH_OFFSET = 0;
    public static final int CRC_OFFSET = 4;
    public static final int CRC_COVERAGE_OFFSET = 8;
    public static final int EXPIRES_AT_OFFSET = 8;
    public static final int KEY_OFFSET = 16;
    public static final int HEADER_LENGTH = KEY_OFFSET;

    /** Expires At of a record that removes its key from the window. */
    public static final long TOMBSTONE = Long.MIN_VALUE;

    /** Largest key accepted on replay; anything longer is taken for a damaged record. */
    public static final int MAX_KEY_LENGTH = 16 << 20;

    private DeduplicationRecordDescriptor() {
    }
}
