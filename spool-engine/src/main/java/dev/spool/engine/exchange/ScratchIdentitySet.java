package dev.spool.engine.exchange;

import java.util.Arrays;

/**
 * A reusable set of objects compared by identity, remembering insertion order: linear search while small (the usual
 * publish routes to a handful of queues), an open-addressing table beyond that. {@link #clear()} keeps the arrays, so a
 * steady stream of publishes allocates nothing.
 *
 * <p>Not thread-safe: one per channel.
 */
final class ScratchIdentitySet {
    private static final int LINEAR_LIMIT = 8;

    private Object[] members = new Object[LINEAR_LIMIT];
    private int size;
    private Object[] table;
    private boolean hashed;

    int size() {
        return size;
    }

    Object get(int i) {
        return members[i];
    }

    /** Adds {@code o}; returns false when it was already present. */
    boolean add(Object o) {
        if (!hashed) {
            for (int i = 0; i < size; i++) {
                if (members[i] == o) {
                    return false;
                }
            }
            append(o);
            if (size > LINEAR_LIMIT) {
                rebuildTable(LINEAR_LIMIT * 4);
            }
            return true;
        }
        int mask = table.length - 1;
        int i = spread(o) & mask;
        Object at;
        while ((at = table[i]) != null) {
            if (at == o) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = o;
        append(o);
        if (size << 1 > table.length) {
            rebuildTable(table.length << 1);
        }
        return true;
    }

    boolean contains(Object o) {
        if (!hashed) {
            for (int i = 0; i < size; i++) {
                if (members[i] == o) {
                    return true;
                }
            }
            return false;
        }
        int mask = table.length - 1;
        int i = spread(o) & mask;
        Object at;
        while ((at = table[i]) != null) {
            if (at == o) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    void clear() {
        Arrays.fill(members, 0, size, null);
        if (hashed) {
            Arrays.fill(table, null);
            hashed = false;
        }
        size = 0;
    }

    private void append(Object o) {
        if (size == members.length) {
            members = Arrays.copyOf(members, size << 1);
        }
        members[size++] = o;
    }

    private void rebuildTable(int capacity) {
        if (table == null || table.length < capacity) {
            table = new Object[capacity];
        } else {
            Arrays.fill(table, null);
        }
        int mask = table.length - 1;
        for (int m = 0; m < size; m++) {
            int i = spread(members[m]) & mask;
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
            table[i] = members[m];
        }
        hashed = true;
    }

    private static int spread(Object o) {
        int h = System.identityHashCode(o) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
