package dev.spool.store.log;

import java.time.Duration;

/**
 * When a message log calls fsync, the one durability setting. Whatever the policy, fsyncs are made by the log's sync
 * thread, never by appenders, and one fsync covers every record written before it (group commit): durable throughput
 * grows with the number of concurrent appenders instead of being capped by the disk's fsync rate.
 *
 * <ul>
 *   <li>{@link Mode#ALWAYS}: no callback fires before an fsync that covers its record. The sync thread starts an
 *   fsync as soon as a record is waiting and never waits for more; records appended while one fsync runs share the
 *   next. Lowest confirm latency; the most fsyncs.</li>
 *   <li>{@link Mode#BATCHED}: as ALWAYS, but before each fsync the sync thread lingers until {@code maxBatch} records
 *   are waiting or the oldest waiting record has waited {@code maxDelay}, whichever comes first. Fewer fsyncs for up
 *   to {@code maxDelay} more latency per confirm.</li>
 *   <li>{@link Mode#NEVER}: never fsyncs while running (only on a clean close). Callbacks fire once the record is in
 *   the operating system's page cache: it survives {@code kill -9} of the broker, not a power loss or kernel
 *   crash.</li>
 * </ul>
 *
 * @param mode          which of the three
 * @param maxDelayNanos BATCHED only: the longest a record waits before its fsync starts; 0 otherwise
 * @param maxBatch      BATCHED only: start the fsync once this many records wait; {@link Integer#MAX_VALUE} otherwise
 */
public record SyncPolicy(Mode mode, long maxDelayNanos, int maxBatch) {
    public enum Mode { ALWAYS, BATCHED, NEVER }

    public static final SyncPolicy ALWAYS = new SyncPolicy(Mode.ALWAYS, 0, Integer.MAX_VALUE);
    public static final SyncPolicy NEVER = new SyncPolicy(Mode.NEVER, 0, Integer.MAX_VALUE);
    /** BATCHED with a 2 ms max delay and batches of at most 1024 records. */
    public static final SyncPolicy DEFAULT = batched(Duration.ofMillis(2), 1024);

    public SyncPolicy {
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        if (maxDelayNanos < 0 || maxBatch < 1) {
            throw new IllegalArgumentException("maxDelay must be >= 0 and maxBatch >= 1");
        }
    }

    public static SyncPolicy batched(Duration maxDelay, int maxBatch) {
        return new SyncPolicy(Mode.BATCHED, maxDelay.toNanos(), maxBatch);
    }
}
