package dev.spool.store.format;

/**
 * A message segment: a file of records named by its zero-padded, sortable segment id, with a settlement file of the
 * same id beside it.
 *
 * <pre>
 *  00000000000000000007.seg                       00000000000000000007.ack
 *  +--------------------------------+             +--------------------------------+
 *  | file header (32 bytes,         |             | file header (32 bytes,         |
 *  |  magic SPLS, file id = 7)      |             |  magic SPLA, file id = 7)      |
 *  +--------------------------------+             +--------------------------------+
 *  | message record                 | &lt;--------- | settlement entry (16 bytes)    |
 *  +--------------------------------+  names by   +--------------------------------+
 *  | message record                 |  offset     | settlement entry               |
 *  +--------------------------------+             +--------------------------------+
 *  | ...                            |             | ...                            |
 *  +--------------------------------+             +--------------------------------+
 *    grows up to the segment size;                  grows as queues settle or return
 *    a record never spans two files                 the segment's messages
 * </pre>
 *
 * A segment is written only at its end and only by the appending thread that holds the log's append lock; it rolls
 * to the next id when a record would not fit in the configured size. A record larger than the whole segment size gets
 * a segment of its own (the file is then larger than the setting). Offsets are ints, so a segment file holds at most
 * {@link #MAX_SEGMENT_BYTES}. Segment ids start at 1 and only grow; a gap means reclaimed segments.
 *
 * <p>Deletion order when a segment is reclaimed: the {@code .seg} file first, then the directory is fsynced, then the
 * {@code .ack}. An {@code .ack} without its {@code .seg} is therefore an interrupted deletion and is removed on open;
 * the reverse (a {@code .seg} without its acks) never happens, so recovery cannot resurrect settled messages.
 */
public final class SegmentDescriptor {
    public static final String SEGMENT_SUFFIX = ".seg";
    public static final String SETTLEMENT_SUFFIX = ".ack";
    /** Digits in a file name: enough for any long, so names sort like ids. */
    public static final int NAME_DIGITS = 20;
    public static final long FIRST_SEGMENT_ID = 1;
    /** Offsets are ints. */
    public static final long MAX_SEGMENT_BYTES = Integer.MAX_VALUE;
    /** The first record's offset. */
    public static final int FIRST_RECORD_OFFSET = FileHeaderDescriptor.LENGTH;

    private SegmentDescriptor() {
    }

    public static String segmentFileName(long segmentId) {
        return zeroPadded(segmentId) + SEGMENT_SUFFIX;
    }

    public static String settlementFileName(long segmentId) {
        return zeroPadded(segmentId) + SETTLEMENT_SUFFIX;
    }

    /** The id in a {@code .seg} or {@code .ack} file name, or -1 if the name is not one of ours. */
    public static long idOf(String fileName, String suffix) {
        if (!fileName.endsWith(suffix) || fileName.length() != NAME_DIGITS + suffix.length()) {
            return -1;
        }
        long id = 0;
        for (int i = 0; i < NAME_DIGITS; i++) {
            char c = fileName.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
            if (id < 0) {
                return -1;
            }
        }
        return id;
    }

    private static String zeroPadded(long id) {
        String digits = Long.toString(id);
        StringBuilder name = new StringBuilder(NAME_DIGITS + 4);
        for (int i = digits.length(); i < NAME_DIGITS; i++) {
            name.append('0');
        }
        return name.append(digits).toString();
    }
}
