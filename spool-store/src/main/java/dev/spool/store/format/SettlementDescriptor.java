package dev.spool.store.format;

/**
 * An entry in a segment's settlement file ({@code .ack}): what happened to one reference (a record's offset and one
 * of its queues) after it was appended. Entries are fixed-size and self-checking.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            Record Offset in the segment of the same id          |  0
 *  +---------------------------------------------------------------+
 *  |                           Queue Id                              |  4
 *  +---------------+---------------+-------------------------------+
 *  |  Kind         |  Flags        |  Delivery Count (u16)          |  8
 *  +---------------+---------------+-------------------------------+
 *  |                  CRC32C of bytes [0, 12)                        | 12
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Kinds:
 * <ul>
 *   <li>{@link #KIND_SETTLED}: the queue is done with the message (acked, or dropped by reject, expiry, purge or
 *   queue deletion). Flags and count are 0. Settled is final.</li>
 *   <li>{@link #KIND_DELIVERY_STATE}: the message is still in the queue; its {@code redelivered} flag and delivery
 *   count are now these. The last such entry wins on recovery.</li>
 * </ul>
 * The delivery count saturates at 65535. Entries that name no reference of the segment (a record lost to a torn tail,
 * a queue the record does not list) are ignored on recovery, as are repeated settlements.
 *
 * <p>Why a file per segment rather than ack records in the log: settlements then die with their segment (deleting
 * the two files is the whole clean-up), and an ack never pins a newer segment that would otherwise have to be kept
 * or compacted to remember that an older message is gone (the journal-compaction problem).
 */
public final class SettlementDescriptor {
    public static final int RECORD_OFFSET_OFFSET = 0;
    public static final int QUEUE_ID_OFFSET = 4;
    public static final int KIND_OFFSET = 8;
    public static final int FLAGS_OFFSET = 9;
    public static final int DELIVERY_COUNT_OFFSET = 10;
    public static final int CRC_OFFSET = 12;
    public static final int LENGTH = 16;

    public static final byte KIND_SETTLED = 1;
    public static final byte KIND_DELIVERY_STATE = 2;

    /** Flag of a delivery-state entry: deliver with {@code redelivered = true}. */
    public static final int FLAG_REDELIVERED = 0x01;

    public static final int MAX_DELIVERY_COUNT = 0xFFFF;

    private SettlementDescriptor() {
    }
}
