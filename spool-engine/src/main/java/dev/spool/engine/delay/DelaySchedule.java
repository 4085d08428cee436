package dev.spool.engine.delay;

import dev.spool.engine.deadline.DeadlineIndex;
import java.util.Objects;

/**
 * Delayed entries ordered by (due time, id), with bounded memory and no horizon. Each entry is two {@code long}s: when
 * it is due and its id, the position of the delayed message in the store (unique and increasing in arrival order, so
 * entries due at the same millisecond leave in arrival order). The store holds every delayed message; this schedule
 * holds only the earliest ones.
 *
 * <p><b>Bounded memory by spilling.</b> At most {@code 2 × memoryLimit} entries (32 bytes each) live in a binary
 * min-heap. When it fills up, the {@code memoryLimit} earliest stay and the rest are dropped from memory: they are
 * still in the store, and this schedule remembers only how many there are and the boundary key below which every
 * in-memory entry lies and above which every spilled one lies. A new entry above the boundary is counted as spilled
 * at once; one below goes into the heap. When the heap runs empty while entries are spilled, the schedule scans the
 * store ({@link Entries#scan}) and takes back the earliest entries above the boundary. Each scan reads every delayed
 * entry once and refills up to {@code memoryLimit}, so a backlog of {@code N} delayed messages costs
 * {@code N / memoryLimit} scans of {@code N} 16-byte index records to drain: fine for millions of entries with a
 * limit of 100 000 (the store can make scans cheaper later by keeping its delay index in sorted runs; the contract
 * here does not change).
 *
 * <p><b>Order and horizon.</b> Due times are any {@code long}: a delay of a year or of {@code 2^40} ms is an entry
 * like any other, and entries with different delays leave strictly by due time, whatever order they arrived in.
 *
 * <p><b>How the owners call it.</b> The {@code x-delayed-message} exchange (under its own lock, shared by its
 * publishers for the O(log n) {@link #schedule}) appends each delayed message to its delay log, schedules
 * {@code (now + x-delay, position)}, arms one timer for {@link #nextDue()}, and when it fires routes every
 * {@link #pollDue} id through its {@code x-delayed-type} bindings, then deletes that record from the log. A queue
 * with {@code x-delay} or retry delays does the same under its lock with its entry ids, making the entry ready when
 * due. On recovery the owner calls {@link #recover()}, which rebuilds the heap from the store: entries whose time
 * passed while the broker was down are due at once, in order.
 *
 * <p>Not thread-safe: owned by one exchange or queue, under its lock.
 */
public final class DelaySchedule {
    /** What {@link #pollDue} returns when nothing is due. */
    public static final long NONE = Long.MIN_VALUE;
    /** What {@link #nextDue()} returns when nothing is scheduled. */
    public static final long NEVER = Long.MAX_VALUE;

    /** The store's view of the delayed entries not yet polled. */
    @FunctionalInterface
    public interface Entries {
        /** Visits every scheduled entry that {@link #pollDue} has not returned yet (and its owner not deleted). */
        void scan(EntryVisitor visitor);
    }

    /** Receives one delayed entry from the store. */
    @FunctionalInterface
    public interface EntryVisitor {
        void entry(long dueAt, long id);
    }

    private final int memoryLimit;
    private final Entries store;
    private final EntryVisitor refill = this::takeBack;

    /** The in-memory part, ordered by (due time, id): the same indexed heap expiry and timeouts use. */
    private final DeadlineIndex heap = new DeadlineIndex();
    /** Entries in the store above the boundary. */
    private long spilled;
    private long boundaryDue;
    private long boundaryId;
    /** During a scan: only entries above this key are taken back. */
    private long floorDue;
    private long floorId;

    /**
     * @param memoryLimit how many entries to keep in memory at least (at most twice as many are), at least 1
     * @param store       the store's delayed entries
     */
    public DelaySchedule(int memoryLimit, Entries store) {
        if (memoryLimit < 1 || memoryLimit > (1 << 29)) {
            throw new IllegalArgumentException("memoryLimit out of range: " + memoryLimit);
        }
        this.memoryLimit = memoryLimit;
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Schedules entry {@code id}, already written to the store, for {@code dueAt}. O(log n), no allocation. */
    public void schedule(long dueAt, long id) {
        if (spilled > 0 && after(dueAt, id, boundaryDue, boundaryId)) {
            spilled++;
            return;
        }
        heap.schedule(id, dueAt);
        if (heap.size() == 2 * memoryLimit) {
            spillAllButEarliest();
        }
    }

    /** When the earliest entry is due, or {@link #NEVER}; may scan the store to refill. */
    public long nextDue() {
        if (heap.isEmpty() && !refilled()) {
            return NEVER;
        }
        return heap.nextDeadline();
    }

    /**
     * Removes and returns the id of the earliest entry if it is due at {@code now}; may scan the store to refill.
     *
     * @return the id, or {@link #NONE} when nothing is due
     */
    public long pollDue(long now) {
        if (heap.isEmpty() && !refilled()) {
            return NONE;
        }
        return heap.pollDue(now);
    }

    /** Forgets everything in memory and reloads the earliest entries from the store (after a restart). */
    public void recover() {
        heap.clear();
        spilled = 0;
        floorDue = Long.MIN_VALUE;
        floorId = Long.MIN_VALUE;
        store.scan(refill);
    }

    /** Forgets everything (the owner was deleted and dropped its store). */
    public void clear() {
        heap.clear();
        spilled = 0;
    }

    /** Entries scheduled and not yet polled, in memory and spilled. */
    public long size() {
        return heap.size() + spilled;
    }

    /** Entries held in memory now (at most {@code 2 × memoryLimit}). */
    public int inMemory() {
        return heap.size();
    }

    /** Entries left in the store only. */
    public long spilled() {
        return spilled;
    }

    /** Refills an empty heap from the store if entries were spilled; true if it holds something afterwards. */
    private boolean refilled() {
        if (spilled == 0) {
            return false;
        }
        floorDue = boundaryDue;
        floorId = boundaryId;
        spilled = 0;
        store.scan(refill);
        return !heap.isEmpty();
    }

    private void takeBack(long dueAt, long id) {
        if (after(dueAt, id, floorDue, floorId)) {
            schedule(dueAt, id);
        }
    }

    /** Keeps the {@code memoryLimit} earliest entries, sorted (a sorted array is a valid heap); spills the rest. */
    private void spillAllButEarliest() {
        long[] keptDue = new long[memoryLimit];
        long[] keptIds = new long[memoryLimit];
        for (int i = 0; i < memoryLimit; i++) {
            keptDue[i] = heap.nextDeadline();
            keptIds[i] = heap.pollDue(Long.MAX_VALUE);
        }
        spilled += heap.size();
        boundaryDue = keptDue[memoryLimit - 1];
        boundaryId = keptIds[memoryLimit - 1];
        heap.clear();
        for (int i = 0; i < memoryLimit; i++) {
            heap.schedule(keptIds[i], keptDue[i]);
        }
    }

    private static boolean after(long dueA, long idA, long dueB, long idB) {
        return dueA > dueB || (dueA == dueB && idA > idB);
    }
}
