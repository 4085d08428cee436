package dev.spool.store.log;

/**
 * Receives, while a log is opened, every reference that is still live after a restart: persistent, not settled, its
 * record intact. Called on the opening thread, in position order, so each queue can rebuild its index in its original
 * order.
 */
@FunctionalInterface
public interface RecoveryHandler {
    /** Keeps every reference; for tests and tools. */
    RecoveryHandler KEEP_ALL = (position, queueId, record, redelivered, deliveryCount) -> true;

    /**
     * @param position      the record's position, the {@code long} the queue keeps
     * @param queueId       which of the record's queues this reference belongs to
     * @param record        the record, valid only during this call
     * @param redelivered   the last recorded delivery state, or false
     * @param deliveryCount the last recorded delivery count, or 0
     * @return true to keep the reference; false to settle it now (for example its queue no longer exists)
     */
    boolean recover(long position, int queueId, MessageRecord record, boolean redelivered, int deliveryCount);
}
