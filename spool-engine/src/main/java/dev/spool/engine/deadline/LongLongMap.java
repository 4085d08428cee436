package dev.spool.engine.deadline;

import java.util.Arrays;

/**
 * An open-addressing hash map from {@code long} keys to {@code long} values, without boxing: linear probing over
 * parallel arrays, removal by shifting the probe run back (no tombstones), Fibonacci hashing for the sequential ids
 * queues and channels hand out. Grows past 70% load and shrinks below 1/8. Any key is allowed; a separate occupancy
 * array marks used slots. 17 bytes per slot; users with {@code int} values (heap slots, sizes, consumer ids) store
 * them widened.
 *
 * <p>Not thread-safe: the owner (a queue under its lock, a channel on its event loop) calls it.
 */
public final class LongLongMap {
    /** What {@link #get} and {@link #remove} return for a missing key. */
    public static final long MISSING = Long.MIN_VALUE;

    /** Receives the entries of {@link #forEach}. */
    @FunctionalInterface
    public interface EntryVisitor {
        void entry(long key, long value);
    }

    private static final int MIN_CAPACITY = 16;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long[] keys;
    private long[] values;
    private boolean[] used;
    private int size;
    private int shift;
    private int mask;
    private int growAt;

    public LongLongMap() {
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

    /** Visits every entry, in no particular order. The visitor must not change this map. */
    public void forEach(EntryVisitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                visitor.entry(keys[i], values[i]);
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
