package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

import java.util.Arrays;

/**
 * Entries that were delivered and then requeued, kept in a binary min-heap by entry id (parallel arrays of ids, store
 * references, delivery counts and messages; no node objects). A queue drains this heap before its
 * {@link ReadyEntries}: every delivered entry has a lower id than the ready FIFO's head, so taking the smallest id here
 * first puts each requeued message back at its original position, ahead of everything published after it.
 *
 * <p>Not thread-safe: the owning queue calls it under its lock.
 */
final class RequeuedEntries {
    private static final int MIN_CAPACITY = 8;

    private long[] ids = new long[MIN_CAPACITY];
    private long[] refs = new long[MIN_CAPACITY];
    private int[] deliveries = new int[MIN_CAPACITY];
    private Message[] messages = new Message[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * @param ref         the entry's store reference
     * @param delivered   how often it was delivered
     * @param message     the message when only memory holds it, else null
     */
    void add(long id, long ref, int delivered, Message message) {
        if (size == ids.length) {
            int capacity = size << 1;
            ids = Arrays.copyOf(ids, capacity);
            refs = Arrays.copyOf(refs, capacity);
            deliveries = Arrays.copyOf(deliveries, capacity);
            messages = Arrays.copyOf(messages, capacity);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (ids[parent] <= id) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, id, ref, delivered, message);
    }

    long minId() {
        return ids[0];
    }

    long minRef() {
        return refs[0];
    }

    int minDeliveries() {
        return deliveries[0];
    }

    Message minMessage() {
        return messages[0];
    }

    /** The store reference of the {@code i}-th entry in heap order (for settling them all). */
    long refAt(int i) {
        return refs[i];
    }

    Message messageAt(int i) {
        return messages[i];
    }

    void removeMin() {
        int last = --size;
        long id = ids[last];
        long ref = refs[last];
        int delivered = deliveries[last];
        Message message = messages[last];
        messages[last] = null;
        if (last == 0) {
            return;
        }
        int i = 0;
        while (true) {
            int child = (i << 1) + 1;
            if (child >= last) {
                break;
            }
            if (child + 1 < last && ids[child + 1] < ids[child]) {
                child++;
            }
            if (id <= ids[child]) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, id, ref, delivered, message);
    }

    void clear() {
        ids = new long[MIN_CAPACITY];
        refs = new long[MIN_CAPACITY];
        deliveries = new int[MIN_CAPACITY];
        messages = new Message[MIN_CAPACITY];
        size = 0;
    }

    private void move(int from, int to) {
        ids[to] = ids[from];
        refs[to] = refs[from];
        deliveries[to] = deliveries[from];
        messages[to] = messages[from];
    }

    private void set(int i, long id, long ref, int delivered, Message message) {
        ids[i] = id;
        refs[i] = ref;
        deliveries[i] = delivered;
        messages[i] = message;
    }
}
