package dev.spool.store.log;

import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.format.MessageRecordDescriptor;
import dev.spool.store.format.SegmentDescriptor;
import dev.spool.store.io.DurableFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads a segment's records in order through a reused buffer and hands each intact one to a visitor, stopping at the
 * first record that is torn (the file ends inside it) or corrupt (bad length, type or CRC32C). Used by the opening
 * thread during recovery only.
 */
final class SegmentScanner {
    /** Receives each intact record; {@code record} is valid only during the call. */
    interface Visitor {
        void onRecord(int offset, MessageRecord record) throws IOException;
    }

    private static final int CHUNK_BYTES = 1 << 20;

    private ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_BYTES).order(FileHeaderDescriptor.BYTE_ORDER);
    private final MessageRecord record = new MessageRecord();
    private final CRC32C crc = new CRC32C();
    private String stopReason = "";

    /**
     * Scans records from the first record offset up to {@code fileSize}.
     *
     * @return the offset just after the last intact record: {@code fileSize} when every record was intact
     */
    int scan(FileChannel channel, long fileSize, Visitor visitor) throws IOException {
        long end = Math.min(fileSize, SegmentDescriptor.MAX_SEGMENT_BYTES);
        long bufferStart = SegmentDescriptor.FIRST_RECORD_OFFSET; // file offset of buffer index 0
        int filled = 0;
        int at = 0;
        buffer.clear();
        while (true) {
            long offset = bufferStart + at;
            if (offset >= end) {
                return (int) end;
            }
            int result = MessageRecord.check(buffer, at, filled - at, end - offset, crc);
            if (result > 0) {
                visitor.onRecord((int) offset, record.wrap(buffer, at));
                at += result;
                continue;
            }
            if (result == MessageRecord.INVALID) {
                stopReason = describe(at, filled, end - offset);
                return (int) offset;
            }
            int needed = filled - at >= MessageRecordDescriptor.HEADER_LENGTH ? buffer.getInt(at)
                    : MessageRecordDescriptor.HEADER_LENGTH;
            buffer.limit(filled).position(at);
            buffer.compact();
            bufferStart = offset;
            filled -= at;
            at = 0;
            if (needed > buffer.capacity()) {
                ByteBuffer grown = ByteBuffer.allocateDirect(needed).order(FileHeaderDescriptor.BYTE_ORDER);
                buffer.flip();
                grown.put(buffer);
                buffer = grown;
            }
            buffer.limit(buffer.capacity()).position(filled);
            int read = DurableFiles.readUpTo(channel, buffer, bufferStart + filled);
            if (read == 0) {
                stopReason = "the file ended while being read";
                return (int) offset;
            }
            filled += read;
        }
    }

    /** Why the last {@link #scan} stopped before the end of the file. */
    String stopReason() {
        return stopReason;
    }

    private String describe(int at, int filled, long remainingInFile) {
        if (remainingInFile < MessageRecordDescriptor.HEADER_LENGTH
                || (filled - at >= Integer.BYTES && buffer.getInt(at) > remainingInFile)) {
            return "torn record (the file ends inside it)";
        }
        return "corrupt record (bad length, type or CRC32C)";
    }
}
