package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

/**
 * The FIFO of entries not delivered since the queue got them (or since a restart): a linked list of fixed-size chunks
 * of parallel arrays, so that a backlog costs 8 bytes per entry (its store reference, see {@link QueueIndex}) plus,
 * only in the chunks that need them, a message slot and a delivery count. Chunks are added as the tail grows and
 * dropped as the head passes them, so memory follows the backlog without the doubling copies of a ring buffer (which
 * would briefly need three times the index of a ten-million-message backlog).
 *
 * <p>Entry ids are contiguous from head to tail (the queue numbers entries as it adds them and removes only at the
 * head), so they are not stored: the entry at distance {@code i} from the head has id {@code headId() + i}.
 *
 * <p>Not thread-safe: the owning queue calls it under its lock.
 */
final class ReadyEntries {
    /** Entries per chunk. */
    static final int CHUNK = 1024;

    /** One chunk: references always, messages and delivery counts allocated on first use. */
    private static final class Chunk {
        final long[] refs = new long[CHUNK];
        Message[] messages;
        int[] deliveries;
        Chunk next;
    }

    private Chunk head;
    private Chunk tail;
    /** Slot of the head entry in {@link #head}. */
    private int headIndex;
    /** Next free slot in {@link #tail}. */
    private int tailIndex;
    private int size;
    private long headId;
    /** The last chunk the head left behind, kept for the tail's next chunk (a queue near empty churns one). */
    private Chunk spare;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Appends an entry.
     *
     * @param id         must be {@code headId() + size()} unless the FIFO is empty
     * @param ref        the entry's store reference
     * @param message    the message when it is kept in memory, else null
     * @param deliveries how often it was delivered before (non-zero only for entries recovered after a restart)
     */
    void add(long id, long ref, Message message, int deliveries) {
        if (size == 0) {
            headId = id;
        } else if (id != headId + size) {
            throw new IllegalStateException("entry " + id + " does not follow " + (headId + size - 1));
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
        if (head.messages != null) {
            head.messages[headIndex] = null;
        }
        if (head.deliveries != null) {
            head.deliveries[headIndex] = 0;
        }
        headIndex++;
        headId++;
        size--;
        if (size == 0) {
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
        headIndex = tailIndex = size = 0;
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
