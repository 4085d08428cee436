package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

import java.util.Arrays;
import java.util.PriorityQueue;

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
    /** What {@link #remove} removed. */
    private long removedRef;
    private Message removedMessage;

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

    /** The entry id in heap slot {@code i}. */
    long idAt(int i) {
        return ids[i];
    }

    int deliveriesAt(int i) {
        return deliveries[i];
    }

    /**
     * Writes the heap slots of the {@code max} smallest entries into {@code slots} in id order, as they would go out
     * (management's peek), without disturbing the heap: a second, small heap of candidate slots walks the first from
     * its root, so this costs O(max log max) however many entries there are. Never on the message path.
     *
     * @return how many slots were written
     */
    int smallestSlots(int max, int[] slots) {
        PriorityQueue<Integer> candidates = new PriorityQueue<>((a, b) -> Long.compare(ids[a], ids[b]));
        if (size > 0) {
            candidates.add(0);
        }
        int n = 0;
        while (n < max && !candidates.isEmpty()) {
            int slot = candidates.poll();
            slots[n++] = slot;
            int child = (slot << 1) + 1;
            if (child < size) {
                candidates.add(child);
            }
            if (child + 1 < size) {
                candidates.add(child + 1);
            }
        }
        return n;
    }

    /**
     * Removes the entry with this id (management deletes one message) and rebuilds the heap. O(n log n); never on the
     * message path. Its reference and message are left in {@link #removedRef()} and {@link #removedMessage()}.
     *
     * @return false when no entry has the id
     */
    boolean remove(long id) {
        int at = -1;
        for (int i = 0; i < size && at < 0; i++) {
            if (ids[i] == id) {
                at = i;
            }
        }
        if (at < 0) {
            return false;
        }
        removedRef = refs[at];
        removedMessage = messages[at];
        int kept = size - 1;
        long[] keptIds = new long[kept];
        long[] keptRefs = new long[kept];
        int[] keptDeliveries = new int[kept];
        Message[] keptMessages = new Message[kept];
        for (int i = 0, n = 0; i < size; i++) {
            if (i != at) {
                keptIds[n] = ids[i];
                keptRefs[n] = refs[i];
                keptDeliveries[n] = deliveries[i];
                keptMessages[n++] = messages[i];
            }
        }
        clear();
        for (int i = 0; i < kept; i++) {
            add(keptIds[i], keptRefs[i], keptDeliveries[i], keptMessages[i]);
        }
        return true;
    }

    long removedRef() {
        return removedRef;
    }

    /** The removed entry's message if only memory held it, else null; forgotten by this call. */
    Message removedMessage() {
        Message message = removedMessage;
        removedMessage = null;
        return message;
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
