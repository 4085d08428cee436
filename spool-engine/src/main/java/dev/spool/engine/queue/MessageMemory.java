package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap budget for messages that queues keep in memory, shared by every queue of a broker. A queue keeps a ready
 * message in memory only while the budget has room; beyond it the queue keeps just the message's position in its
 * virtual host's message log and reads the message back on delivery (a transient message is written to the log first,
 * without fsync, and is gone after a restart as before). So the heap a backlog costs is this budget plus the queue's
 * index, a few bytes per message, however long the backlog grows.
 *
 * <p>Only ready messages are counted: a delivered message is held until it is acknowledged only when memory is its
 * sole copy, and consumers' prefetch bounds those.
 *
 * <p>Thread-safe: queues charge and release from their own threads with one atomic add each.
 */
public final class MessageMemory {
    /** Bytes counted per message on top of its body and properties: the message object, array headers, strings. */
    static final int OVERHEAD_BYTES = 160;

    private final long budgetBytes;
    private final AtomicLong used = new AtomicLong();

    /** @param budgetBytes how many bytes of ready messages all queues together may keep in memory */
    public MessageMemory(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("negative budget " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    /** A budget that always has room: for brokers without a store, whose queues cannot keep messages anywhere else. */
    public static MessageMemory unlimited() {
        return new MessageMemory(Long.MAX_VALUE);
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    /** Bytes of ready messages kept in memory now. */
    public long usedBytes() {
        return used.get();
    }

    /** What keeping {@code message} in memory counts for. */
    static long sizeOf(Message message) {
        return (long) message.bodySize() + message.properties().length + OVERHEAD_BYTES;
    }

    /** Charges {@code bytes} if the budget has room for them; false (and nothing charged) if not. */
    boolean tryCharge(long bytes) {
        if (used.addAndGet(bytes) <= budgetBytes) {
            return true;
        }
        used.addAndGet(-bytes);
        return false;
    }

    /** Charges {@code bytes} whether or not there is room (for a message memory alone can hold). */
    void charge(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }
}
