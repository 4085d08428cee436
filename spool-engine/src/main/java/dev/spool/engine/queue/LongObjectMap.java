package dev.spool.engine.queue;

import java.util.Arrays;

/**
 * An open-addressing hash map from primitive {@code long} keys to non-null values: the index of a queue's
 * unacknowledged entries, keyed by entry id, without boxing a {@code Long} per message. Linear probing over parallel
 * key and value arrays; a {@code null} value marks a free slot; removal shifts the probe run back instead of leaving
 * tombstones, so lookups stay short under the constant churn of deliver / ack. Keys are spread with Fibonacci hashing,
 * which suits the sequential ids queues hand out. The table grows past 70% load and shrinks below 1/8.
 *
 * <p>Not thread-safe: the owning queue calls it under its lock.
 *
 * @param <V> the value type
 */
public final class LongObjectMap<V> {
    private static final int MIN_CAPACITY = 16;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long[] keys;
    private Object[] values;
    private int size;
    private int shift;
    private int mask;
    private int growAt;

    public LongObjectMap() {
        allocate(MIN_CAPACITY);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The value for {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V get(long key) {
        int i = slot(key);
        Object v;
        while ((v = values[i]) != null) {
            if (keys[i] == key) {
                return (V) v;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    public boolean containsKey(long key) {
        return get(key) != null;
    }

    /**
     * Maps {@code key} to {@code value}.
     *
     * @return the previous value, or null
     */
    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        int i = slot(key);
        Object v;
        while ((v = values[i]) != null) {
            if (keys[i] == key) {
                values[i] = value;
                return (V) v;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        if (++size > growAt) {
            rehash(values.length << 1);
        }
        return null;
    }

    /**
     * Removes the mapping for {@code key}.
     *
     * @return the removed value, or null when there was none
     */
    @SuppressWarnings("unchecked")
    public V remove(long key) {
        int i = slot(key);
        Object v;
        while ((v = values[i]) != null) {
            if (keys[i] == key) {
                shiftBack(i);
                size--;
                if (values.length > MIN_CAPACITY && size < (values.length >>> 3)) {
                    rehash(values.length >>> 1);
                }
                return (V) v;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    public void clear() {
        if (values.length > MIN_CAPACITY) {
            allocate(MIN_CAPACITY);
        } else {
            Arrays.fill(values, null);
        }
        size = 0;
    }

    /** A copy of the keys, in no particular order (diagnostics and tests; allocates). */
    public long[] keys() {
        long[] out = new long[size];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                out[n++] = keys[i];
            }
        }
        return out;
    }

    private int slot(long key) {
        return (int) ((key * GOLDEN) >>> shift);
    }

    /**
     * Fills the hole at {@code hole} by moving back any later entry of the same probe run whose home slot does not lie
     * cyclically in (hole, j]; such an entry would otherwise become unreachable.
     */
    private void shiftBack(int hole) {
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            if (values[j] == null) {
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
        values[hole] = null;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(capacity);
        for (int i = 0; i < oldValues.length; i++) {
            Object v = oldValues[i];
            if (v != null) {
                int j = slot(oldKeys[i]);
                while (values[j] != null) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = v;
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        growAt = (int) (capacity * 0.7f);
    }
}
