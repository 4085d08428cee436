package dev.spool.store.format;

/**
 * A record in the definitions log: a put or delete of one (type, key) definition. The log file is a
 * {@link FileHeaderDescriptor file header} (magic SPLD) followed by these records.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |          Frame Length: the whole record, header included       |  0
 *  +---------------------------------------------------------------+
 *  |               CRC32C of bytes [8, Frame Length)                 |  4
 *  +---------------+---------------+-------------------------------+
 *  |  Operation    |  Type         |  Key Length (u16, k)           |  8
 *  +---------------+---------------+-------------------------------+
 *  |  Key, k bytes                                                 ...
 *  +---------------------------------------------------------------+
 *  |  Value: the rest of the frame (empty for a delete)            ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Type, key and value are opaque to the store: the engine names its kinds (vhost, user, permission, exchange, queue,
 * binding) and encodes them. Replaying the file in order (later puts replace earlier ones; deletes remove) gives the
 * live set. Compaction writes the live set as puts into a new file and renames it over the old one.
 */
public final class DefinitionRecordDescriptor {
    public static final int FRAME_LENGTH_OFFSET = 0;
    public static final int CRC_OFFSET = 4;
    public static final int CRC_COVERAGE_OFFSET = 8;
    public static final int OPERATION_OFFSET = 8;
    public static final int TYPE_OFFSET = 9;
    public static final int KEY_LENGTH_OFFSET = 10;
    public static final int KEY_OFFSET = 12;
    public static final int HEADER_LENGTH = KEY_OFFSET;

    public static final byte OPERATION_PUT = 1;
    public static final byte OPERATION_DELETE = 2;

    public static final int MAX_KEY_LENGTH = 0xFFFF;

    private DefinitionRecordDescriptor() {
    }
}
