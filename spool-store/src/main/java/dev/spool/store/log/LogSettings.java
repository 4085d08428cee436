package dev.spool.store.log;

import dev.spool.store.format.SegmentDescriptor;

/**
 * The settings of one message log, fixed when it is opened (the broker's config record supplies them).
 *
 * @param segmentBytes the size at which a segment file is closed and the next one started; default 32 MiB. A record
 *                     larger than this gets a segment of its own.
 * @param syncPolicy   when records are fsynced; default {@link SyncPolicy#DEFAULT}
 */
public record LogSettings(int segmentBytes, SyncPolicy syncPolicy) {
    public static final int DEFAULT_SEGMENT_BYTES = 32 * 1024 * 1024;
    /** Small enough for tests that roll often, large enough for a header and a small record. */
    public static final int MIN_SEGMENT_BYTES = 128;

    public static final LogSettings DEFAULT = new LogSettings(DEFAULT_SEGMENT_BYTES, SyncPolicy.DEFAULT);

    public LogSettings {
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > SegmentDescriptor.MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be between " + MIN_SEGMENT_BYTES + " and "
                    + SegmentDescriptor.MAX_SEGMENT_BYTES + ": " + segmentBytes);
        }
        if (syncPolicy == null) {
            throw new IllegalArgumentException("syncPolicy is required");
        }
    }

    public LogSettings withSegmentBytes(int bytes) {
        return new LogSettings(bytes, syncPolicy);
    }

    public LogSettings withSyncPolicy(SyncPolicy policy) {
        return new LogSettings(segmentBytes, policy);
    }
}
