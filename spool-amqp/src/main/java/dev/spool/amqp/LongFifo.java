package dev.spool.amqp;

/**
 * A growable ring of {@code long}s, first in first out, without boxing: the publishes and commits of a channel that
 * wait for the disk. Keeps its array when emptied, so a steady state allocates nothing.
 *
 * <p>Not thread-safe: confined to one connection's event loop.
 */
final class LongFifo {
    private long[] values = new long[16];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void add(long value) {
        if (size == values.length) {
            long[] grown = new long[size * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = values[(head + i) & (values.length - 1)];
            }
            values = grown;
            head = 0;
        }
        values[(head + size) & (values.length - 1)] = value;
        size++;
    }

    /** The oldest value; only when not empty. */
    long first() {
        return values[head];
    }

    /** Removes and returns the oldest value; only when not empty. */
    long poll() {
        long value = values[head];
        head = (head + 1) & (values.length - 1);
        size--;
        return value;
    }
}
