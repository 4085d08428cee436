package dev.spool.store.log;

import dev.spool.store.format.MessageRecordDescriptor;
import dev.spool.store.io.Crc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * A read-only view (flyweight) of one message record laid out as {@link MessageRecordDescriptor} describes, over a
 * buffer owned by whoever produced it: a {@link MessageReader} (valid until its next read) or recovery (valid during
 * the {@link RecoveryHandler} call). Offsets returned are absolute indexes into {@link #buffer()}, so a delivery can
 * copy the shortstrs, properties and body straight out of it (e.g. {@code ByteBuf.writeBytes(buffer, index, length)})
 * without an intermediate array. The convenience methods that return arrays or strings allocate; the offset
 * accessors do not.
 */
public final class MessageRecord {
    /** {@link #check} result: the buffer holds only the start of the record. */
    static final int INCOMPLETE = -1;
    /** {@link #check} result: the bytes are not a valid record. */
    static final int INVALID = -2;

    private ByteBuffer buffer;
    private int offset;

    MessageRecord wrap(ByteBuffer recordBuffer, int recordOffset) {
        this.buffer = recordBuffer;
        this.offset = recordOffset;
        return this;
    }

    /** The buffer holding the record (little-endian for the record's own fields); do not change it. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int frameLength() {
        return buffer.getInt(offset + MessageRecordDescriptor.FRAME_LENGTH_OFFSET);
    }

    public int flags() {
        return buffer.get(offset + MessageRecordDescriptor.FLAGS_OFFSET) & 0xFF;
    }

    public boolean isPersistent() {
        return (flags() & MessageRecordDescriptor.FLAG_PERSISTENT) != 0;
    }

    /** Whether the broker published it as a dead letter ({@link MessageRecordDescriptor#FLAG_DEAD_LETTERED}). */
    public boolean isDeadLettered() {
        return (flags() & MessageRecordDescriptor.FLAG_DEAD_LETTERED) != 0;
    }

    /** Whether its properties carry an {@code expiration} ({@link MessageRecordDescriptor#FLAG_EXPIRES}). */
    public boolean hasExpiration() {
        return (flags() & MessageRecordDescriptor.FLAG_EXPIRES) != 0;
    }

    public int queueCount() {
        return buffer.getShort(offset + MessageRecordDescriptor.QUEUE_COUNT_OFFSET) & 0xFFFF;
    }

    public int queueId(int index) {
        return buffer.getInt(offset + MessageRecordDescriptor.QUEUE_IDS_OFFSET + index * Integer.BYTES);
    }

    public long timestampMillis() {
        return buffer.getLong(offset + MessageRecordDescriptor.TIMESTAMP_OFFSET);
    }

    /** Index of the exchange's shortstr length byte: the wire encoding starts here. */
    public int exchangeShortstrIndex() {
        return offset + MessageRecordDescriptor.exchangeOffset(queueCount());
    }

    public int exchangeLength() {
        return buffer.get(exchangeShortstrIndex()) & 0xFF;
    }

    /** Index of the routing key's shortstr length byte. */
    public int routingKeyShortstrIndex() {
        return exchangeShortstrIndex() + 1 + exchangeLength();
    }

    public int routingKeyLength() {
        return buffer.get(routingKeyShortstrIndex()) & 0xFF;
    }

    public int propertiesIndex() {
        return routingKeyShortstrIndex() + 1 + routingKeyLength();
    }

    public int propertiesLength() {
        return buffer.getInt(offset + MessageRecordDescriptor.PROPERTIES_LENGTH_OFFSET);
    }

    public int bodyIndex() {
        return propertiesIndex() + propertiesLength();
    }

    public int bodyLength() {
        return offset + frameLength() - bodyIndex();
    }

    public String exchange() {
        return text(exchangeShortstrIndex() + 1, exchangeLength());
    }

    public String routingKey() {
        return text(routingKeyShortstrIndex() + 1, routingKeyLength());
    }

    /** A copy of the wire-encoded properties. */
    public byte[] properties() {
        byte[] copy = new byte[propertiesLength()];
        buffer.get(propertiesIndex(), copy);
        return copy;
    }

    /** A copy of the body. */
    public byte[] body() {
        byte[] copy = new byte[bodyLength()];
        getBody(copy, 0);
        return copy;
    }

    /** Copies the body into {@code destination} at {@code destinationOffset}. */
    public void getBody(byte[] destination, int destinationOffset) {
        buffer.get(bodyIndex(), destination, destinationOffset, bodyLength());
    }

    private String text(int index, int length) {
        byte[] bytes = new byte[length];
        buffer.get(index, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Checks the record starting at {@code buffer[offset]}, of which {@code available} bytes are in the buffer and
     * {@code remainingInFile} in the file.
     *
     * @return the frame length when the record is complete and valid; {@link #INCOMPLETE} when it is plausible but
     *         more of it must be read first; {@link #INVALID} when it cannot be a valid record (bad length, type,
     *         inner lengths or CRC) or runs past the end of the file
     */
    static int check(ByteBuffer buffer, int offset, int available, long remainingInFile, CRC32C crc) {
        if (available < MessageRecordDescriptor.HEADER_LENGTH) {
            return remainingInFile < MessageRecordDescriptor.HEADER_LENGTH ? INVALID : INCOMPLETE;
        }
        int frameLength = buffer.getInt(offset + MessageRecordDescriptor.FRAME_LENGTH_OFFSET);
        int queueCount = buffer.getShort(offset + MessageRecordDescriptor.QUEUE_COUNT_OFFSET) & 0xFFFF;
        int propertiesLength = buffer.getInt(offset + MessageRecordDescriptor.PROPERTIES_LENGTH_OFFSET);
        if (frameLength < MessageRecordDescriptor.MIN_LENGTH || frameLength > remainingInFile
                || buffer.get(offset + MessageRecordDescriptor.TYPE_OFFSET) != MessageRecordDescriptor.TYPE_MESSAGE
                || queueCount == 0 || propertiesLength < 0
                || MessageRecordDescriptor.frameLength(queueCount, 0, 0, propertiesLength, 0) > frameLength) {
            return INVALID;
        }
        if (available < frameLength) {
            return INCOMPLETE;
        }
        int expected = buffer.getInt(offset + MessageRecordDescriptor.CRC_OFFSET);
        int actual = Crc.of(crc, buffer, offset + MessageRecordDescriptor.CRC_COVERAGE_OFFSET, offset + frameLength);
        if (expected != actual) {
            return INVALID;
        }
        int end = offset + frameLength;
        int exchangeAt = offset + MessageRecordDescriptor.exchangeOffset(queueCount);
        int routingKeyAt = exchangeAt + 1 + (buffer.get(exchangeAt) & 0xFF);
        if (routingKeyAt >= end) {
            return INVALID;
        }
        int propertiesAt = routingKeyAt + 1 + (buffer.get(routingKeyAt) & 0xFF);
        return (long) propertiesAt + propertiesLength <= end ? frameLength : INVALID;
    }
}
