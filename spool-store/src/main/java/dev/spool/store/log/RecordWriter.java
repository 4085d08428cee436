package dev.spool.store.log;

import dev.spool.store.format.FileHeaderDescriptor;
import dev.spool.store.format.MessageRecordDescriptor;
import dev.spool.store.io.Crc;
import dev.spool.store.io.DurableFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Encodes a {@link MessageDraft} as a message record and writes it at a given offset, through one reused direct
 * buffer: one positional write for a record that fits the buffer, a few for a larger one. Used only by the thread
 * holding the log's append lock, so nothing here is shared and nothing is allocated per record.
 */
final class RecordWriter {
    private static final int SCRATCH_BYTES = 64 * 1024;
    /** Header, queue ids and both shortstrs of the largest possible record header. */
    private static final int MAX_HEADER_BYTES =
            MessageRecordDescriptor.exchangeOffset(MessageRecordDescriptor.MAX_QUEUES)
                    + 2 * (1 + MessageRecordDescriptor.MAX_SHORTSTR);

    private ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH_BYTES).order(FileHeaderDescriptor.BYTE_ORDER);
    private final CRC32C crc = new CRC32C();

    /** Writes the record for {@code draft}, {@code frameLength} bytes, at {@code offset} of {@code channel}. */
    void write(MessageDraft draft, int frameLength, FileChannel channel, long offset) throws IOException {
        int headerBytes = MessageRecordDescriptor.exchangeOffset(draft.queueCount()) + 2 + draft.exchangeBytes()
                + draft.routingKeyBytes();
        if (headerBytes > scratch.capacity()) {
            scratch = ByteBuffer.allocateDirect(MAX_HEADER_BYTES).order(FileHeaderDescriptor.BYTE_ORDER);
        }
        ByteBuffer buffer = scratch;
        buffer.clear();
        buffer.putInt(frameLength)
                .putInt(0) // CRC, filled in below
                .put(MessageRecordDescriptor.TYPE_MESSAGE)
                .put((byte) draft.flags())
                .putShort((short) draft.queueCount())
                .putInt(draft.propertiesLength())
                .putLong(draft.timestampMillis());
        for (int i = 0; i < draft.queueCount(); i++) {
            buffer.putInt(draft.queueId(i));
        }
        buffer.put((byte) draft.exchangeBytes());
        Utf8.put(buffer, draft.exchange());
        buffer.put((byte) draft.routingKeyBytes());
        Utf8.put(buffer, draft.routingKey());

        crc.reset();
        Crc.update(crc, buffer, MessageRecordDescriptor.CRC_COVERAGE_OFFSET, buffer.position());
        crc.update(draft.propertiesArray(), draft.propertiesOffset(), draft.propertiesLength());
        crc.update(draft.bodyArray(), draft.bodyOffset(), draft.bodyLength());
        buffer.putInt(MessageRecordDescriptor.CRC_OFFSET, (int) crc.getValue());

        long at = copy(channel, offset, draft.propertiesArray(), draft.propertiesOffset(), draft.propertiesLength());
        at = copy(channel, at, draft.bodyArray(), draft.bodyOffset(), draft.bodyLength());
        buffer.flip();
        DurableFiles.writeFully(channel, buffer, at);
        if (at + buffer.limit() - offset != frameLength) {
            throw new IllegalStateException("wrote " + (at + buffer.limit() - offset) + " bytes of a "
                    + frameLength + "-byte record");
        }
    }

    /** Appends {@code bytes} to the scratch buffer, writing the buffer out at {@code at} whenever it fills. */
    private long copy(FileChannel channel, long at, byte[] bytes, int offset, int length) throws IOException {
        long next = at;
        int from = offset;
        int left = length;
        while (left > 0) {
            if (!scratch.hasRemaining()) {
                scratch.flip();
                DurableFiles.writeFully(channel, scratch, next);
                next += scratch.limit();
                scratch.clear();
            }
            int n = Math.min(left, scratch.remaining());
            scratch.put(bytes, from, n);
            from += n;
            left -= n;
        }
        return next;
    }
}
