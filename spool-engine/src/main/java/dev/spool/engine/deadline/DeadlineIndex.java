package dev.spool.engine.deadline;

import java.util.Arrays;

/**
 * Ids ordered by a deadline: an indexed binary min-heap of {@code (deadline, id)} pairs in two parallel {@code long}
 * arrays, with a {@link LongIntMap} from id to heap slot so that any id can be cancelled or rescheduled in O(log n).
 * Ties on the deadline go to the smaller id, so ids handed out in arrival order leave in arrival order.
 *
 * <p>Memory: 16 bytes per entry in the heap plus about 20 in the slot map (at its 70% load), nothing per entry on
 * the Java heap besides. The owner asks {@link #nextDeadline()} to arm one timer and {@link #pollDue(long)} when it
 * fires, so finding what is due costs O(1) per check and O(log n) per due entry, however far from the head of its
 * queue the entry sits.
 *
 * <p>Not thread-safe: owned by one queue (under its lock) or one channel (on its event loop).
 */
public final class DeadlineIndex {
    /** What {@link #pollDue}, {@link #peekId}, {@link #cancel} and {@link #deadlineOf} return for "none". */
    public static final long NONE = Long.MIN_VALUE;
    /** What {@link #nextDeadline()} returns when nothing is scheduled. */
    public static final long NEVER = Long.MAX_VALUE;

    private static final int MIN_CAPACITY = 16;

    private long[] deadlines = new long[MIN_CAPACITY];
    private long[] ids = new long[MIN_CAPACITY];
    private final LongIntMap slots = new LongIntMap();
    private int size;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Schedules {@code id} at {@code deadline}, or moves it there if it is already scheduled. */
    public void schedule(long id, long deadline) {
        int slot = slots.get(id);
        if (slot != LongIntMap.MISSING) {
            long previous = deadlines[slot];
            deadlines[slot] = deadline;
            if (deadline < previous) {
                siftUp(slot);
            } else {
                siftDown(slot);
            }
            return;
        }
        if (size == ids.length) {
            deadlines = Arrays.copyOf(deadlines, size << 1);
            ids = Arrays.copyOf(ids, size << 1);
        }
        int i = size++;
        deadlines[i] = deadline;
        ids[i] = id;
        slots.put(id, i);
        siftUp(i);
    }

    /**
     * Unschedules {@code id}.
     *
     * @return the deadline it had, or {@link #NONE} when it was not scheduled
     */
    public long cancel(long id) {
        int slot = slots.remove(id);
        if (slot == LongIntMap.MISSING) {
            return NONE;
        }
        long deadline = deadlines[slot];
        removeAt(slot);
        return deadline;
    }

    /** The deadline of {@code id}, or {@link #NONE}. */
    public long deadlineOf(long id) {
        int slot = slots.get(id);
        return slot == LongIntMap.MISSING ? NONE : deadlines[slot];
    }

    public boolean contains(long id) {
        return slots.containsKey(id);
    }

    /** The earliest deadline, or {@link #NEVER} when nothing is scheduled: when to arm the owner's timer. */
    public long nextDeadline() {
        return size == 0 ? NEVER : deadlines[0];
    }

    /** The id with the earliest deadline, or {@link #NONE}. */
    public long peekId() {
        return size == 0 ? NONE : ids[0];
    }

    /**
     * Removes and returns the id with the earliest deadline if that deadline is at or before {@code now}.
     *
     * @return the id, or {@link #NONE} when nothing is due
     */
    public long pollDue(long now) {
        if (size == 0 || deadlines[0] > now) {
            return NONE;
        }
        long id = ids[0];
        slots.remove(id);
        removeAt(0);
        return id;
    }

    public void clear() {
        deadlines = new long[MIN_CAPACITY];
        ids = new long[MIN_CAPACITY];
        slots.clear();
        size = 0;
    }

    /** Removes the entry at {@code slot}, whose id is already gone from {@link #slots}. */
    private void removeAt(int slot) {
        int last = --size;
        if (slot != last) {
            deadlines[slot] = deadlines[last];
            ids[slot] = ids[last];
            slots.put(ids[slot], slot);
            siftDown(slot);
            siftUp(slot);
        }
    }

    private boolean less(int a, int b) {
        return deadlines[a] < deadlines[b] || (deadlines[a] == deadlines[b] && ids[a] < ids[b]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int child = (i << 1) + 1;
            if (child >= size) {
                return;
            }
            if (child + 1 < size && less(child + 1, child)) {
                child++;
            }
            if (!less(child, i)) {
                return;
            }
            swap(i, child);
            i = child;
        }
    }

    private void swap(int a, int b) {
        long deadline = deadlines[a];
        long id = ids[a];
        deadlines[a] = deadlines[b];
        ids[a] = ids[b];
        deadlines[b] = deadline;
        ids[b] = id;
        slots.put(ids[a], a);
        slots.put(ids[b], b);
    }
}
