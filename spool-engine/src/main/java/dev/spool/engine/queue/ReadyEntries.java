package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

/**
 * The FIFO of entries not delivered since the queue got them (or since a restart): a linked list of fixed-size chunks
 * of parallel arrays, so that a backlog costs 8 bytes per entry (its store reference, see {@link QueueIndex}) plus,
 * only in the chunks that need them, a message slot and a delivery count. Chunks are added as the tail grows and
 * dropped as the head passes them, so memory follows the backlog without the doubling copies of a ring buffer (which
 * would briefly need three times the index of a ten-million-message backlog).
 *
 * <p>Entry ids are contiguous from head to tail (the queue numbers entries as it adds them), so they are not stored:
 * the slot at distance {@code i} from the head has id {@code headId() + i}. Messages leave at the head, except that
 * management may delete one anywhere ({@link #remove}): its slot then stays as a tombstone (reference
 * {@link #REMOVED}) until the head passes it, so ids stay contiguous and the message path pays one int comparison.
 * The head is never a tombstone.
 *
 * <p>Not thread-safe: the owning queue calls it under its lock.
 */
final class ReadyEntries {
    /** Entries per chunk. */
    static final int CHUNK = 1024;
    /** The reference of a removed slot: 0 is never a store reference (see {@link QueueIndex}). */
    static final long REMOVED = 0L;

    /** One chunk: references always, messages and delivery counts allocated on first use. */
    private static final class Chunk {
        final long[] refs = new long[CHUNK];
        Message[] messages;
        int[] deliveries;
        Chunk next;
    }

    /** log2 of the step between consecutive ids: 0 for a plain queue. */
    private final int idShift;
    private final long idStep;
    private Chunk head;
    private Chunk tail;
    /** Slot of the head entry in {@link #head}. */
    private int headIndex;
    /** Next free slot in {@link #tail}. */
    private int tailIndex;
    /** Live entries. */
    private int size;
    /** Tombstones between head and tail. */
    private int removed;
    private long headId;
    /** The last chunk the head left behind, kept for the tail's next chunk (a queue near empty churns one). */
    private Chunk spare;
    /** What {@link #remove} removed. */
    private long removedRef;
    private Message removedMessage;

    /** A FIFO whose ids step by 1. */
    ReadyEntries() {
        this(0);
    }

    /** A FIFO whose consecutive ids differ by {@code 1 << idShift} (a priority lane). */
    ReadyEntries(int idShift) {
        this.idShift = idShift;
        this.idStep = 1L << idShift;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Appends an entry.
     *
     * @param id         must follow the tail's id ({@code headId() + size()} when nothing was removed) unless the FIFO
     *                   is empty
     * @param ref        the entry's store reference
     * @param message    the message when it is kept in memory, else null
     * @param deliveries how often it was delivered before (non-zero only for entries recovered after a restart)
     */
    void add(long id, long ref, Message message, int deliveries) {
        int span = size + removed;
        if (span == 0) {
            headId = id;
        } else if (id != headId + ((long) span << idShift)) {
            long last = headId + ((long) (span - 1) << idShift);
            throw new IllegalStateException("entry " + id + " does not follow " + last);
        }
        if (tail == null) {
            head = tail = newChunk();
            headIndex = tailIndex = 0;
        } else if (tailIndex == CHUNK) {
            Chunk chunk = newChunk();
            tail.next = chunk;
            tail = chunk;
            tailIndex = 0;
        }
        tail.refs[tailIndex] = ref;
        if (message != null) {
            if (tail.messages == null) {
                tail.messages = new Message[CHUNK];
            }
            tail.messages[tailIndex] = message;
        }
        if (deliveries != 0) {
            if (tail.deliveries == null) {
                tail.deliveries = new int[CHUNK];
            }
            tail.deliveries[tailIndex] = deliveries;
        }
        tailIndex++;
        size++;
    }

    long headId() {
        return headId;
    }

    long headRef() {
        return head.refs[headIndex];
    }

    /** The head's message if kept in memory, else null. */
    Message headMessage() {
        return head.messages == null ? null : head.messages[headIndex];
    }

    int headDeliveries() {
        return head.deliveries == null ? 0 : head.deliveries[headIndex];
    }

    void removeHead() {
        clearSlot(head, headIndex);
        size--;
        step();
        while (removed != 0 && head.refs[headIndex] == REMOVED) { // tombstones the head has reached
            removed--;
            step();
        }
    }

    /**
     * Removes the live entry {@code id} wherever it is (management deletes one message; never on the message path):
     * a walk over {@code (id - headId()) / CHUNK} chunks. Its reference and message are left in {@link #removedRef()}
     * and {@link #removedMessage()}.
     *
     * @return false when no live entry has the id
     */
    boolean remove(long id) {
        long offset = id - headId;
        long distance = offset >> idShift;
        if (size == 0 || offset < 0 || (offset & (idStep - 1)) != 0 || distance >= size + removed) {
            return false;
        }
        Chunk chunk = head;
        long slot = headIndex + distance;
        while (slot >= CHUNK) {
            chunk = chunk.next;
            slot -= CHUNK;
        }
        int i = (int) slot;
        if (chunk.refs[i] == REMOVED) {
            return false;
        }
        removedRef = chunk.refs[i];
        removedMessage = chunk.messages == null ? null : chunk.messages[i];
        if (distance == 0) {
            removeHead();
        } else {
            clearSlot(chunk, i);
            chunk.refs[i] = REMOVED;
            size--;
            removed++;
        }
        return true;
    }

    long removedRef() {
        return removedRef;
    }

    /** The removed entry's message if it was kept in memory, else null; forgotten by this call. */
    Message removedMessage() {
        Message message = removedMessage;
        removedMessage = null;
        return message;
    }

    /**
     * Copies up to {@code max} live entries from the head, in order, into the arrays (management's peek; allocates
     * nothing). A message slot is null when the message is not kept in memory.
     *
     * @return how many were copied
     */
    int copy(int max, long[] ids, long[] refs, Message[] messages, int[] deliveryCounts) {
        int n = 0;
        Chunk chunk = head;
        int slot = headIndex;
        long id = headId;
        for (int seen = 0; seen < size + removed && n < max; seen++) {
            if (chunk.refs[slot] != REMOVED || removed == 0) {
                ids[n] = id;
                refs[n] = chunk.refs[slot];
                messages[n] = chunk.messages == null ? null : chunk.messages[slot];
                deliveryCounts[n] = chunk.deliveries == null ? 0 : chunk.deliveries[slot];
                n++;
            }
            id += idStep;
            if (++slot == CHUNK) {
                chunk = chunk.next;
                slot = 0;
            }
        }
        return n;
    }

    private static void clearSlot(Chunk chunk, int i) {
        if (chunk.messages != null) {
            chunk.messages[i] = null;
        }
        if (chunk.deliveries != null) {
            chunk.deliveries[i] = 0;
        }
    }

    /** Moves the head one slot on, dropping the chunk it leaves. */
    private void step() {
        headIndex++;
        headId += idStep;
        if (size + removed == 0) {
            headIndex = 0; // head == tail here: start the chunk over
            tailIndex = 0;
        } else if (headIndex == CHUNK) {
            Chunk passed = head;
            head = passed.next;
            passed.next = null;
            spare = passed;
            headIndex = 0;
        }
    }

    /** Forgets every entry and chunk (the caller settled them first). */
    void clear() {
        head = tail = spare = null;
        headIndex = tailIndex = size = removed = 0;
        removedMessage = null;
    }

    private Chunk newChunk() {
        Chunk chunk = spare;
        if (chunk == null) {
            return new Chunk();
        }
        spare = null; // its slots were cleared as the head passed them
        return chunk;
    }
}
