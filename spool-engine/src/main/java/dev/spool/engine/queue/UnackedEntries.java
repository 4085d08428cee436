package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

/**
 * A queue's delivered, unacknowledged entries, keyed by entry id: an open-addressing hash map over parallel arrays
 * (entry id, store reference, delivery count, message), so an unacknowledged delivery costs no object. Linear probing
 * with Fibonacci hashing, which suits the sequential ids queues hand out; removal shifts the probe run back instead of
 * leaving tombstones, so lookups stay short under the constant churn of deliver / ack. Entry ids are positive, so id
 * 0 marks a free slot. The table grows past 70% load and shrinks below 1/8.
 *
 * <p>{@link #remove} leaves what it removed in {@link #removedRef()}, {@link #removedDeliveries()} and
 * {@link #removedMessage()} instead of returning an object.
 *
 * <p>Not thread-safe: the owning queue calls it under its lock.
 */
final class UnackedEntries {
    private static final int MIN_CAPACITY = 16;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long[] ids;
    private long[] refs;
    private int[] deliveries;
    private Message[] messages;
    private int size;
    private int shift;
    private int mask;
    private int growAt;

    private long removedRef;
    private int removedDeliveries;
    private Message removedMessage;

    UnackedEntries() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean contains(long id) {
        return find(id) >= 0;
    }

    /**
     * Adds (or replaces) entry {@code id}.
     *
     * @param id         the entry id, positive
     * @param ref        its store reference
     * @param delivered  how often it has been delivered
     * @param message    the message when only memory holds it, else null
     */
    void put(long id, long ref, int delivered, Message message) {
        if (id <= 0) {
            throw new IllegalArgumentException("entry ids are positive: " + id);
        }
        int i = slot(id);
        while (ids[i] != 0) {
            if (ids[i] == id) {
                set(i, id, ref, delivered, message);
                return;
            }
            i = (i + 1) & mask;
        }
        set(i, id, ref, delivered, message);
        if (++size > growAt) {
            rehash(ids.length << 1);
        }
    }

    /** Removes entry {@code id}; returns false when it is not here. What it held is left in the {@code removed} fields. */
    boolean remove(long id) {
        int i = find(id);
        if (i < 0) {
            return false;
        }
        removedRef = refs[i];
        removedDeliveries = deliveries[i];
        removedMessage = messages[i];
        shiftBack(i);
        size--;
        if (ids.length > MIN_CAPACITY && size < (ids.length >>> 3)) {
            rehash(ids.length >>> 1);
        }
        return true;
    }

    long removedRef() {
        return removedRef;
    }

    int removedDeliveries() {
        return removedDeliveries;
    }

    /** The removed entry's message, or null; forgotten by the next {@link #remove}. */
    Message removedMessage() {
        Message message = removedMessage;
        removedMessage = null;
        return message;
    }

    /** Number of slots; with {@link #idAt(int)} and {@link #refAt(int)}, visits every entry without allocating. */
    int slotCount() {
        return ids.length;
    }

    /** The id in slot {@code i}, 0 when the slot is free. */
    long idAt(int i) {
        return ids[i];
    }

    long refAt(int i) {
        return refs[i];
    }

    void clear() {
        allocate(MIN_CAPACITY);
        size = 0;
        removedMessage = null;
    }

    /** A copy of the ids, in no particular order (diagnostics and tests; allocates). */
    long[] ids() {
        long[] out = new long[size];
        int n = 0;
        for (long id : ids) {
            if (id != 0) {
                out[n++] = id;
            }
        }
        return out;
    }

    private int find(long id) {
        if (id <= 0) {
            return -1;
        }
        int i = slot(id);
        while (ids[i] != 0) {
            if (ids[i] == id) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private void set(int i, long id, long ref, int delivered, Message message) {
        ids[i] = id;
        refs[i] = ref;
        deliveries[i] = delivered;
        messages[i] = message;
    }

    private int slot(long id) {
        return (int) ((id * GOLDEN) >>> shift);
    }

    /**
     * Fills the hole at {@code hole} by moving back any later entry of the same probe run whose home slot does not lie
     * cyclically in (hole, j]; such an entry would otherwise become unreachable.
     */
    private void shiftBack(int hole) {
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            if (ids[j] == 0) {
                break;
            }
            int home = slot(ids[j]);
            boolean homeInRange = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!homeInRange) {
                set(hole, ids[j], refs[j], deliveries[j], messages[j]);
                hole = j;
            }
        }
        ids[hole] = 0;
        messages[hole] = null;
    }

    private void rehash(int capacity) {
        long[] oldIds = ids;
        long[] oldRefs = refs;
        int[] oldDeliveries = deliveries;
        Message[] oldMessages = messages;
        allocate(capacity);
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != 0) {
                int j = slot(oldIds[i]);
                while (ids[j] != 0) {
                    j = (j + 1) & mask;
                }
                set(j, oldIds[i], oldRefs[i], oldDeliveries[i], oldMessages[i]);
            }
        }
    }

    private void allocate(int capacity) {
        ids = new long[capacity];
        refs = new long[capacity];
        deliveries = new int[capacity];
        messages = new Message[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        growAt = (int) (capacity * 0.7f);
    }
}
