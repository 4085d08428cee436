package dev.spool.engine.deadline;

/**
 * A {@code long} to {@code int} map without boxing, for ids mapped to heap slots, sizes and consumer numbers: a
 * {@link LongLongMap} whose values are widened ints, with {@link #MISSING} in {@code int} terms.
 *
 * <p>Not thread-safe: the owner (a queue under its lock, a channel on its event loop) calls it.
 */
public final class LongIntMap {
    /** What {@link #get} and {@link #remove} return for a missing key. */
    public static final int MISSING = Integer.MIN_VALUE;

    private final LongLongMap map = new LongLongMap();

    public int size() {
        return map.size();
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    /** The value for {@code key}, or {@link #MISSING}. */
    public int get(long key) {
        return narrow(map.get(key));
    }

    public boolean containsKey(long key) {
        return map.containsKey(key);
    }

    /**
     * Sets the value for {@code key}.
     *
     * @return the previous value, or {@link #MISSING}
     */
    public int put(long key, int value) {
        return narrow(map.put(key, value));
    }

    /**
     * Removes {@code key}.
     *
     * @return its value, or {@link #MISSING} when it was absent
     */
    public int remove(long key) {
        return narrow(map.remove(key));
    }

    public void clear() {
        map.clear();
    }

    private static int narrow(long value) {
        return value == LongLongMap.MISSING ? MISSING : (int) value;
    }
}
