package dev.spool.store.format;

/**
 * A message record in a segment: one published message routed to one or more queues of this log.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |          Frame Length: the whole record, header included       |  0
 *  +---------------------------------------------------------------+
 *  |               CRC32C of bytes [8, Frame Length)                 |  4
 *  +---------------+---------------+-------------------------------+
 *  |  Type (1)     |  Flags        |  Queue Count (n &gt;= 1)          |  8
 *  +---------------+---------------+-------------------------------+
 *  |                      Properties Length (p)                      | 12
 *  +---------------------------------------------------------------+
 *  |            Timestamp: when the broker received it               | 16
 *  |                     (epoch millis, 64 bits)                     |
 *  +---------------------------------------------------------------+
 *  |                 Queue Id 0 ... Queue Id n-1                     | 24
 *  |                        (4 bytes each)                           |
 *  +---------------+-----------------------------------------------+
 *  | Exchange len  |  Exchange name, UTF-8 (AMQP shortstr)         ...
 *  +---------------+-----------------------------------------------+
 *  | Routing k len |  Routing key, UTF-8 (AMQP shortstr)           ...
 *  +---------------+-----------------------------------------------+
 *  |  Properties: the content header's property flags and property ...
 *  |  list exactly as on the wire (big-endian AMQP encoding), p bytes
 *  +---------------------------------------------------------------+
 *  |  Body: the rest of the frame                                  ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Exchange and routing key are kept as AMQP shortstrs (one length byte, then the bytes) and the properties in wire
 * encoding, so a delivery copies them into its {@code basic.deliver} and content header frames without re-encoding.
 * The store never parses them. One record serves every queue it lists; each (record, queue) pair is a
 * <em>reference</em> that is settled on its own (see {@link SettlementDescriptor}).
 *
 * <p>A record is valid when its frame length is at least {@link #MIN_LENGTH}, fits in the file, its CRC matches, its
 * type is {@link #TYPE_MESSAGE} and its inner lengths add up to no more than the frame. Recovery stops at the first
 * record that is not valid.
 */
public final class MessageRecordDescriptor {
    public static final int FRAME_LENGTH_OFFSET = 0;
    public static final int CRC_OFFSET = 4;
    /** The CRC covers the frame from here to its end. */
    public static final int CRC_COVERAGE_OFFSET = 8;
    public static final int TYPE_OFFSET = 8;
    public static final int FLAGS_OFFSET = 9;
    public static final int QUEUE_COUNT_OFFSET = 10;
    public static final int PROPERTIES_LENGTH_OFFSET = 12;
    public static final int TIMESTAMP_OFFSET = 16;
    public static final int QUEUE_IDS_OFFSET = 24;
    /** Fixed part, before the queue ids. */
    public static final int HEADER_LENGTH = QUEUE_IDS_OFFSET;
    /** One queue, empty exchange and routing key, no properties, no body. */
    public static final int MIN_LENGTH = HEADER_LENGTH + Integer.BYTES + 2;

    public static final byte TYPE_MESSAGE = 1;

    /** Flag: delivery-mode 2. Records without it are not recovered after a restart (they count as settled). */
    public static final int FLAG_PERSISTENT = 0x01;
    /**
     * Flag: the broker itself published this message as a dead letter, so its {@code x-death} header is the broker's
     * own death history (a client's {@code x-death} is not trusted). Records written before the flag existed have 0.
     */
    public static final int FLAG_DEAD_LETTERED = 0x02;
    /**
     * Flag: the properties carry an {@code expiration} (a per-message TTL), so recovery reads the properties to
     * recompute the message's expiry from the timestamp; records without it need no parsing.
     */
    public static final int FLAG_EXPIRES = 0x04;

    /** Queue count is an unsigned 16-bit field. */
    public static final int MAX_QUEUES = 0xFFFF;
    /** AMQP shortstr limit. */
    public static final int MAX_SHORTSTR = 255;

    private MessageRecordDescriptor() {
    }

    /** Offset of the exchange's length byte. */
    public static int exchangeOffset(int queueCount) {
        return QUEUE_IDS_OFFSET + queueCount * Integer.BYTES;
    }

    /** Frame length of a record with these parts. */
    public static long frameLength(int queueCount, int exchangeBytes, int routingKeyBytes, int propertiesLength,
                                   int bodyLength) {
        return (long) exchangeOffset(queueCount) + 1 + exchangeBytes + 1 + routingKeyBytes + propertiesLength
                + bodyLength;
    }
}
