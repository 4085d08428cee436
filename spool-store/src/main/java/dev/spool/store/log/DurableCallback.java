package dev.spool.store.log;

import java.io.IOException;

/**
 * Told the outcome of one append: exactly one of the two methods is called, exactly once, for every append that was
 * given this callback (including appends that failed outright, and appends outstanding when the log closes).
 *
 * <p>Called on the log's sync thread, in append order, after the fsync that covers the record. Implementations must
 * be quick and must not block or call back into the log's append: hand the result to the thread that owns the
 * publisher (e.g. its event loop). One instance serves many appends; the {@code token} tells them apart (e.g. a
 * channel's publish sequence number), so the hot path allocates no callback object per message.
 */
public interface DurableCallback {
    /** The record appended with {@code token} is on disk (under {@link SyncPolicy.Mode#NEVER}: written to the OS). */
    void onDurable(long token);

    /**
     * The record appended with {@code token} could not be written or fsynced (ENOSPC, EIO, ...): nack the publish.
     * The record may or may not be found again after a restart; a caller that drops the message should
     * {@link SegmentedLog#settle settle} its position if it got one.
     */
    void onFailed(long token, IOException cause);
}
