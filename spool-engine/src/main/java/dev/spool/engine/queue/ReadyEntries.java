package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

/**
 * The FIFO of entries never delivered yet: a growable ring of parallel {@code long} entry ids and messages, so holding
 * a message costs one array slot and one long, no node object. Ids grow from head to tail.
 *
 * <p>Not thread-safe: the owning queue calls it under its lock.
 */
final class ReadyEntries {
    private static final int MIN_CAPACITY = 16;

    private long[] ids = new long[MIN_CAPACITY];
    private Message[] messages = new Message[MIN_CAPACITY];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(long id, Message message) {
        if (size == messages.length) {
            grow();
        }
        int tail = (head + size) & (messages.length - 1);
        ids[tail] = id;
        messages[tail] = message;
        size++;
    }

    long headId() {
        return ids[head];
    }

    Message headMessage() {
        return messages[head];
    }

    void removeHead() {
        messages[head] = null;
        head = (head + 1) & (messages.length - 1);
        size--;
        if (size == 0) {
            head = 0;
        }
    }

    /** The id of the {@code i}-th entry from the head (management's peek). */
    long idAt(int i) {
        return ids[(head + i) & (messages.length - 1)];
    }

    /** The message of the {@code i}-th entry from the head. */
    Message messageAt(int i) {
        return messages[(head + i) & (messages.length - 1)];
    }

    /**
     * Removes the entry with this id wherever it is (management deletes one message): binary search, since ids grow
     * from head to tail, then the later entries shift up by one. O(n); never on the message path.
     *
     * @return false when no entry has the id
     */
    boolean remove(long id) {
        int low = 0;
        int high = size - 1;
        int mask = messages.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long midId = ids[(head + mid) & mask];
            if (midId < id) {
                low = mid + 1;
            } else if (midId > id) {
                high = mid - 1;
            } else {
                for (int i = mid; i < size - 1; i++) {
                    int to = (head + i) & mask;
                    int from = (head + i + 1) & mask;
                    ids[to] = ids[from];
                    messages[to] = messages[from];
                }
                messages[(head + size - 1) & mask] = null;
                size--;
                if (size == 0) {
                    head = 0;
                }
                return true;
            }
        }
        return false;
    }

    void clear() {
        ids = new long[MIN_CAPACITY];
        messages = new Message[MIN_CAPACITY];
        head = 0;
        size = 0;
    }

    private void grow() {
        int capacity = messages.length << 1;
        long[] newIds = new long[capacity];
        Message[] newMessages = new Message[capacity];
        int firstPart = Math.min(size, messages.length - head);
        System.arraycopy(ids, head, newIds, 0, firstPart);
        System.arraycopy(messages, head, newMessages, 0, firstPart);
        System.arraycopy(ids, 0, newIds, firstPart, size - firstPart);
        System.arraycopy(messages, 0, newMessages, firstPart, size - firstPart);
        ids = newIds;
        messages = newMessages;
        head = 0;
    }
}
