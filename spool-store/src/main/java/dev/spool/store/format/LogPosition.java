package dev.spool.store.format;

/**
 * How one {@code long} names a record in a segmented log: the segment id in the high 32 bits and the record's byte
 * offset inside that segment file in the low 32 bits.
 *
 * <pre>
 *   63                              32 31                               0
 *  +----------------------------------+----------------------------------+
 *  |   segment id (1 .. 2^31-1)       |   offset in the segment file     |
 *  +----------------------------------+----------------------------------+
 * </pre>
 *
 * Positions are positive, and they order like the records: a later append always gets a greater position (the next
 * segment's id is greater, and offsets grow inside a segment). The first record of a segment sits at offset
 * {@link FileHeaderDescriptor#LENGTH}, after the header. A queue keeps only this {@code long} per message in memory.
 */
public final class LogPosition {
    /** Returned instead of a position when a record could not be written. */
    public static final long NONE = -1L;

    /** Largest segment id a position can carry. */
    public static final long MAX_SEGMENT_ID = Integer.MAX_VALUE;

    private LogPosition() {
    }

    public static long of(long segmentId, int offset) {
        if (segmentId < 1 || segmentId > MAX_SEGMENT_ID) {
            throw new IllegalArgumentException("segment id out of range: " + segmentId);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset: " + offset);
        }
        return segmentId << 32 | offset;
    }

    public static long segmentId(long position) {
        return position >>> 32;
    }

    public static int offset(long position) {
        return (int) position;
    }

    /** "segment:offset", for messages and logs. */
    public static String toString(long position) {
        return position == NONE ? "none" : segmentId(position) + ":" + offset(position);
    }
}
