package dev.spool.store.log;

import dev.spool.store.format.MessageRecordDescriptor;

/**
 * A message about to be appended: a reusable, caller-owned scratch object (one per publishing channel, say), filled
 * with setters and passed to {@link SegmentedLog#append}. The log copies everything during the call, so the draft and
 * its arrays may be reused as soon as {@code append} returns. Not thread-safe: one thread at a time.
 *
 * <p>Setters validate at once (on the caller's thread): at least one queue, exchange and routing key of at most 255
 * UTF-8 bytes.
 */
public final class MessageDraft {
    private static final byte[] EMPTY = new byte[0];

    private int[] queueIds = new int[4];
    private int queueCount;
    private boolean persistent;
    private int extraFlags;
    private long timestampMillis;
    private CharSequence exchange = "";
    private int exchangeBytes;
    private CharSequence routingKey = "";
    private int routingKeyBytes;
    private byte[] properties = EMPTY;
    private int propertiesOffset;
    private int propertiesLength;
    private byte[] body = EMPTY;
    private int bodyOffset;
    private int bodyLength;

    /** Forgets everything, ready for the next message. */
    public MessageDraft clear() {
        queueCount = 0;
        persistent = false;
        extraFlags = 0;
        timestampMillis = 0;
        exchange("");
        routingKey("");
        properties(EMPTY, 0, 0);
        return body(EMPTY, 0, 0);
    }

    /** Adds a queue the message is routed to (each becomes a reference settled on its own). */
    public MessageDraft addQueue(int queueId) {
        if (queueCount == MessageRecordDescriptor.MAX_QUEUES) {
            throw new IllegalArgumentException("a record holds at most " + MessageRecordDescriptor.MAX_QUEUES
                    + " queues");
        }
        if (queueCount == queueIds.length) {
            int[] grown = new int[queueIds.length * 2];
            System.arraycopy(queueIds, 0, grown, 0, queueCount);
            queueIds = grown;
        }
        queueIds[queueCount++] = queueId;
        return this;
    }

    /** Delivery-mode 2: the record survives a restart. Transient records are gone after one. */
    public MessageDraft persistent(boolean value) {
        this.persistent = value;
        return this;
    }

    /** Marks the message as a dead letter the broker published ({@link MessageRecordDescriptor#FLAG_DEAD_LETTERED}). */
    public MessageDraft deadLettered(boolean value) {
        extraFlags = value ? extraFlags | MessageRecordDescriptor.FLAG_DEAD_LETTERED
                : extraFlags & ~MessageRecordDescriptor.FLAG_DEAD_LETTERED;
        return this;
    }

    /** Marks the message as carrying an {@code expiration} property ({@link MessageRecordDescriptor#FLAG_EXPIRES}). */
    public MessageDraft expires(boolean value) {
        extraFlags = value ? extraFlags | MessageRecordDescriptor.FLAG_EXPIRES
                : extraFlags & ~MessageRecordDescriptor.FLAG_EXPIRES;
        return this;
    }

    /** When the broker received the message (kept for TTLs after a restart). */
    public MessageDraft timestampMillis(long value) {
        this.timestampMillis = value;
        return this;
    }

    public MessageDraft exchange(CharSequence name) {
        this.exchangeBytes = shortstrLength(name, "exchange");
        this.exchange = name;
        return this;
    }

    public MessageDraft routingKey(CharSequence key) {
        this.routingKeyBytes = shortstrLength(key, "routing key");
        this.routingKey = key;
        return this;
    }

    /** The content header's property flags and list, wire-encoded. */
    public MessageDraft properties(byte[] bytes) {
        return properties(bytes, 0, bytes.length);
    }

    public MessageDraft properties(byte[] bytes, int offset, int length) {
        checkRange(bytes, offset, length);
        this.properties = bytes;
        this.propertiesOffset = offset;
        this.propertiesLength = length;
        return this;
    }

    public MessageDraft body(byte[] bytes) {
        return body(bytes, 0, bytes.length);
    }

    public MessageDraft body(byte[] bytes, int offset, int length) {
        checkRange(bytes, offset, length);
        this.body = bytes;
        this.bodyOffset = offset;
        this.bodyLength = length;
        return this;
    }

    /** The record's frame length; {@code long} because a draft may be too large to store. */
    long frameLength() {
        return MessageRecordDescriptor.frameLength(queueCount, exchangeBytes, routingKeyBytes, propertiesLength,
                bodyLength);
    }

    int flags() {
        return (persistent ? MessageRecordDescriptor.FLAG_PERSISTENT : 0) | extraFlags;
    }

    boolean isPersistent() {
        return persistent;
    }

    int queueCount() {
        return queueCount;
    }

    int queueId(int index) {
        return queueIds[index];
    }

    long timestampMillis() {
        return timestampMillis;
    }

    CharSequence exchange() {
        return exchange;
    }

    int exchangeBytes() {
        return exchangeBytes;
    }

    CharSequence routingKey() {
        return routingKey;
    }

    int routingKeyBytes() {
        return routingKeyBytes;
    }

    byte[] propertiesArray() {
        return properties;
    }

    int propertiesOffset() {
        return propertiesOffset;
    }

    int propertiesLength() {
        return propertiesLength;
    }

    byte[] bodyArray() {
        return body;
    }

    int bodyOffset() {
        return bodyOffset;
    }

    int bodyLength() {
        return bodyLength;
    }

    private static int shortstrLength(CharSequence text, String what) {
        int length = Utf8.encodedLength(text);
        if (length > MessageRecordDescriptor.MAX_SHORTSTR) {
            throw new IllegalArgumentException(what + " longer than " + MessageRecordDescriptor.MAX_SHORTSTR
                    + " bytes");
        }
        return length;
    }

    private static void checkRange(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " in " + bytes.length);
        }
    }
}
