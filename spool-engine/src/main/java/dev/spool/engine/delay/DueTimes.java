package dev.spool.engine.delay;

import java.util.Arrays;

/**
 * The due time of every delayed entry not yet released, by id: the part of a delay owner's state that
 * {@link DelaySchedule.Entries#scan} reads back when the schedule refills. 16 bytes per entry in two primitive arrays
 * (open addressing, linear probing, removal by shifting the probe run back, as {@code deadline.LongIntMap}), nothing
 * per entry on the Java heap besides; the messages themselves stay in the message log.
 *
 * <p>Not thread-safe: owned by one delayed exchange or queue, under its lock.
 */
public final class DueTimes implements DelaySchedule.Entries {
    /** What {@link #get} and {@link #remove} return for a missing id. */
    public static final long MISSING = Long.MIN_VALUE;

    private static final int MIN_CAPACITY = 16;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long[] keys;
    private long[] values;
    private boolean[] used;
    private int size;
    private int shift;
    private int mask;
    private int growAt;

    public DueTimes() {
        allocate(MIN_CAPACITY);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The value for {@code key}, or {@link #MISSING}. */
    public long get(long key) {
        int i = slot(key);
        while (used[i]) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    public boolean containsKey(long key) {
        int i = slot(key);
        while (used[i]) {
            if (keys[i] == key) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    /**
     * Maps {@code key} to {@code value}.
     *
     * @return the previous value, or {@link #MISSING}
     */
    public long put(long key, long value) {
        int i = slot(key);
        while (used[i]) {
            if (keys[i] == key) {
                long previous = values[i];
                values[i] = value;
                return previous;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = key;
        values[i] = value;
        if (++size > growAt) {
            rehash(keys.length << 1);
        }
        return MISSING;
    }

    /**
     * Removes {@code key}.
     *
     * @return its value, or {@link #MISSING} when it was absent
     */
    public long remove(long key) {
        int i = slot(key);
        while (used[i]) {
            if (keys[i] == key) {
                long value = values[i];
                shiftBack(i);
                size--;
                if (keys.length > MIN_CAPACITY && size < (keys.length >>> 3)) {
                    rehash(keys.length >>> 1);
                }
                return value;
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    public void clear() {
        if (keys.length > MIN_CAPACITY) {
            allocate(MIN_CAPACITY);
        } else {
            Arrays.fill(used, false);
        }
        size = 0;
    }

    /** Visits every entry (in no particular order). */
    @Override
    public void scan(DelaySchedule.EntryVisitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                visitor.entry(values[i], keys[i]);
            }
        }
    }

    private int slot(long key) {
        return (int) ((key * GOLDEN) >>> shift);
    }

    /** Moves back later entries of the probe run whose home slot does not lie cyclically in (hole, j]. */
    private void shiftBack(int hole) {
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            if (!used[j]) {
                break;
            }
            int home = slot(keys[j]);
            boolean homeInRange = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!homeInRange) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        used[hole] = false;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        long[] oldValues = values;
        boolean[] oldUsed = used;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                int j = slot(oldKeys[i]);
                while (used[j]) {
                    j = (j + 1) & mask;
                }
                used[j] = true;
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        used = new boolean[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        growAt = (int) (capacity * 0.7f);
    }
}
