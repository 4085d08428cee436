package dev.spool.store.log;

import java.io.IOException;

/**
 * The appends one fsync will cover: callbacks and tokens in append order, the distinct segments written, and whether a
 * segment file was created (so the directory needs an fsync too). Two instances alternate: appenders fill one under the
 * append lock while the sync thread drains the other without it, so the steady state allocates nothing (the arrays
 * grow, rarely, and are kept).
 */
final class PendingBatch {
    private DurableCallback[] callbacks = new DurableCallback[256];
    private long[] tokens = new long[256];
    /** Allocated on the first outright write failure, then kept. */
    private IOException[] failures;
    private Segment[] segments = new Segment[4];
    private int size;
    private int segmentCount;
    private boolean directoryChanged;
    private long firstArrivalNanos;
    private long sequence;

    /** Adds an append; {@code callback} may be null (a persistent record nobody waits for). */
    void add(Segment segment, DurableCallback callback, long token, IOException failure) {
        if (size == callbacks.length) {
            grow();
        }
        if (size == 0) {
            firstArrivalNanos = System.nanoTime();
        }
        callbacks[size] = callback;
        tokens[size] = token;
        if (failure != null) {
            if (failures == null) {
                failures = new IOException[callbacks.length];
            }
            failures[size] = failure;
        }
        size++;
        if (segment != null && (segmentCount == 0 || segments[segmentCount - 1] != segment)) {
            if (segmentCount == segments.length) {
                Segment[] grown = new Segment[segments.length * 2];
                System.arraycopy(segments, 0, grown, 0, segmentCount);
                segments = grown;
            }
            segments[segmentCount++] = segment;
        }
    }

    void directoryChanged() {
        directoryChanged = true;
    }

    boolean isEmpty() {
        return size == 0 && !directoryChanged;
    }

    int size() {
        return size;
    }

    long firstArrivalNanos() {
        return firstArrivalNanos;
    }

    long sequence() {
        return sequence;
    }

    void sequence(long value) {
        sequence = value;
    }

    int segmentCount() {
        return segmentCount;
    }

    Segment segment(int index) {
        return segments[index];
    }

    boolean isDirectoryChanged() {
        return directoryChanged;
    }

    DurableCallback callback(int index) {
        return callbacks[index];
    }

    long token(int index) {
        return tokens[index];
    }

    /** The outright failure of append {@code index}, or null. */
    IOException failure(int index) {
        return failures == null ? null : failures[index];
    }

    /** Empties it for reuse, dropping references so callbacks and segments can be collected. */
    void clear() {
        for (int i = 0; i < size; i++) {
            callbacks[i] = null;
            if (failures != null) {
                failures[i] = null;
            }
        }
        for (int i = 0; i < segmentCount; i++) {
            segments[i] = null;
        }
        size = 0;
        segmentCount = 0;
        directoryChanged = false;
    }

    private void grow() {
        int capacity = callbacks.length * 2;
        DurableCallback[] grownCallbacks = new DurableCallback[capacity];
        System.arraycopy(callbacks, 0, grownCallbacks, 0, size);
        callbacks = grownCallbacks;
        long[] grownTokens = new long[capacity];
        System.arraycopy(tokens, 0, grownTokens, 0, size);
        tokens = grownTokens;
        if (failures != null) {
            IOException[] grownFailures = new IOException[capacity];
            System.arraycopy(failures, 0, grownFailures, 0, size);
            failures = grownFailures;
        }
    }
}
