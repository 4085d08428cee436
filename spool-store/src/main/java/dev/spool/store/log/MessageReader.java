package dev.spool.store.log;

import dev.spool.store.CorruptStoreException;
import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.format.LogPosition;
import dev.spool.store.format.SegmentDescriptor;
import dev.spool.store.io.DurableFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads records back by position into its own direct buffer and returns a view of it: no allocation per read unless a
 * record is larger than anything read before. Owned by one thread (for example a queue's or an event loop's); the
 * returned {@link MessageRecord} stays valid until that thread's next {@link #read}.
 *
 * <p>One positional read of up to {@value #READ_AHEAD} bytes fetches a typical record whole; a larger record takes a
 * second read. Every record's CRC32C is checked on the way out (a few hundred nanoseconds per KiB at most), so a
 * damaged disk block is reported as {@link CorruptStoreException} instead of being delivered.
 */
public final class MessageReader {
    /** Bytes fetched by the first read of a record. */
    public static final int READ_AHEAD = 4096;
    /** A buffer grown past this for a large record is dropped at the next read. */
    private static final int MAX_RETAINED = 1 << 20;

    private final SegmentedLog log;
    private final MessageRecord record = new MessageRecord();
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer = allocate(READ_AHEAD);

    MessageReader(SegmentedLog log) {
        this.log = log;
    }

    /**
     * The record at {@code position}.
     *
     * @throws IllegalArgumentException when no live segment holds it or it is past the written end (a position that
     *                                  was never returned by append, or was settled and reclaimed)
     * @throws CorruptStoreException    when the record fails its checks
     */
    public MessageRecord read(long position) throws IOException {
        Segment segment = log.segment(LogPosition.segmentId(position));
        int offset = LogPosition.offset(position);
        if (segment == null) {
            throw new IllegalArgumentException("no live segment holds position " + LogPosition.toString(position));
        }
        int remaining = segment.size() - offset;
        if (offset < SegmentDescriptor.FIRST_RECORD_OFFSET || remaining <= 0) {
            throw new IllegalArgumentException("no record at position " + LogPosition.toString(position));
        }
        if (buffer.capacity() > MAX_RETAINED) {
            buffer = allocate(READ_AHEAD);
        }
        FileChannel channel = segment.readChannel();
        buffer.clear().limit(Math.min(remaining, READ_AHEAD));
        DurableFiles.readFully(channel, buffer, offset);
        int frameLength = buffer.getInt(0);
        if (frameLength > buffer.limit() && frameLength <= remaining) {
            int already = buffer.limit();
            if (frameLength > buffer.capacity()) {
                ByteBuffer grown = allocate(frameLength);
                buffer.flip();
                grown.put(buffer);
                buffer = grown;
            }
            buffer.limit(frameLength).position(already);
            DurableFiles.readFully(channel, buffer, (long) offset + already);
        }
        if (MessageRecord.check(buffer, 0, buffer.limit(), remaining, crc) < 0) {
            throw new CorruptStoreException(segment.path(), "record at offset " + offset
                    + " fails its length or CRC32C check");
        }
        return record.wrap(buffer, 0);
    }

    private static ByteBuffer allocate(int capacity) {
        return ByteBuffer.allocateDirect(capacity).order(FileHeaderDescriptor.BYTE_ORDER);
    }
}
