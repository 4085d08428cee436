package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Entries that were delivered and then requeued, kept in a binary min-heap by entry id (parallel {@code long} and
 * message arrays, no node objects). A queue drains this heap before its {@link ReadyEntries}: every delivered entry
 * has a lower id than the ready FIFO's head, so taking the smallest id here first puts each requeued message back at
 * its original position, ahead of everything published after it.
 *
 * <p>Not thread-safe: the owning queue calls it under its lock.
 */
final class RequeuedEntries {
    private static final int MIN_CAPACITY = 8;

    private long[] ids = new long[MIN_CAPACITY];
    private Message[] messages = new Message[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(long id, Message message) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size << 1);
            messages = Arrays.copyOf(messages, size << 1);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (ids[parent] <= id) {
                break;
            }
            ids[i] = ids[parent];
            messages[i] = messages[parent];
            i = parent;
        }
        ids[i] = id;
        messages[i] = message;
    }

    long minId() {
        return ids[0];
    }

    Message minMessage() {
        return messages[0];
    }

    void removeMin() {
        int last = --size;
        long id = ids[last];
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
            ids[i] = ids[child];
            messages[i] = messages[child];
            i = child;
        }
        ids[i] = id;
        messages[i] = message;
    }

    /**
     * Adds the {@code max} smallest entries to {@code out} in id order, as they would go out (management's peek),
     * without disturbing the heap: a second, small heap of candidate slots walks the first from its root, so this
     * costs O(max log max) however many entries there are.
     */
    void copySmallest(int max, List<QueuedMessage> out) {
        PriorityQueue<Integer> candidates = new PriorityQueue<>((a, b) -> Long.compare(ids[a], ids[b]));
        if (size > 0) {
            candidates.add(0);
        }
        for (int n = 0; n < max && !candidates.isEmpty(); n++) {
            int slot = candidates.poll();
            out.add(new QueuedMessage(ids[slot], messages[slot], true));
            int child = (slot << 1) + 1;
            if (child < size) {
                candidates.add(child);
            }
            if (child + 1 < size) {
                candidates.add(child + 1);
            }
        }
    }

    /**
     * Removes the entry with this id (management deletes one message) and rebuilds the heap. O(n log n); never on the
     * message path.
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
        long[] keptIds = new long[size - 1];
        Message[] keptMessages = new Message[size - 1];
        for (int i = 0, n = 0; i < size; i++) {
            if (i != at) {
                keptIds[n] = ids[i];
                keptMessages[n++] = messages[i];
            }
        }
        clear();
        for (int i = 0; i < keptIds.length; i++) {
            add(keptIds[i], keptMessages[i]);
        }
        return true;
    }

    void clear() {
        ids = new long[MIN_CAPACITY];
        messages = new Message[MIN_CAPACITY];
        size = 0;
    }
}
