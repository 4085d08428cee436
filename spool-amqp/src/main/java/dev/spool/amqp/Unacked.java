package dev.spool.amqp;

import dev.spool.engine.queue.Queue;

/**
 * A channel's deliveries that await basic.ack / nack / reject, ordered by delivery tag, each with the deadline of its
 * lease ({@link ConsumerLeases}; {@link #NO_DEADLINE} when its queue has no consumer timeout).
 *
 * <p>Tags are handed out in increasing order and appended here, so the entries form a sorted ring of parallel arrays
 * (no object per delivery): a tag is found by binary search, "multiple" settles a prefix, and settled entries become
 * tombstones that are dropped once they reach the head (or compacted when they pile up behind an old unsettled one).
 * Inside a transaction an entry is <em>held</em> instead of settled: it no longer counts as outstanding (a second ack
 * of its tag is an unknown tag, as in RabbitMQ) but goes back to outstanding on rollback.
 *
 * <p>Confined to the channel's connection event loop; not thread-safe.
 */
final class Unacked {
    /** The deadline of a delivery that never times out. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

    /** What a visitor is asked to do with an entry. */
    static final byte ACK = 1;
    static final byte REQUEUE = 2;
    static final byte DISCARD = 3;

    private static final byte LIVE = 0;
    private static final byte SETTLED = -1;
    // held states reuse the action codes: HELD + ACK / REQUEUE / DISCARD
    private static final byte HELD = 8;

    /** Receives the entries taken out; {@code consumer} is null for a basic.get. */
    interface Visitor {
        void settle(byte action, long tag, Queue queue, long entryId, ConsumerState consumer);
    }

    /** Sees outstanding entries without taking them, and may move their deadlines. */
    interface Inspector {
        /** @return the entry's deadline from now on ({@code deadline} to keep it) */
        long outstanding(long tag, Queue queue, long deadline);
    }

    /** Told about each outstanding entry whose deadline has passed; must not change this {@code Unacked}. */
    interface DueVisitor {
        void due(long tag, ConsumerState consumer);
    }

    private long[] tags;
    private long[] entryIds;
    private long[] deadlines;
    private Queue[] queues;
    private ConsumerState[] consumers;
    private byte[] states;
    private int mask;
    private int head;
    private int size; // entries between head and tail, tombstones included
    private int outstanding; // LIVE entries
    private int held;

    Unacked() {
        allocate(16);
    }

    private void allocate(int capacity) {
        tags = new long[capacity];
        entryIds = new long[capacity];
        deadlines = new long[capacity];
        queues = new Queue[capacity];
        consumers = new ConsumerState[capacity];
        states = new byte[capacity];
        mask = capacity - 1;
    }

    /** Deliveries neither settled nor held by a transaction. */
    int outstanding() {
        return outstanding;
    }

    boolean isEmpty() {
        return outstanding == 0 && held == 0;
    }

    /** Records a delivery that never times out; {@code tag} must be greater than every tag added before. */
    void add(long tag, Queue queue, long entryId, ConsumerState consumer) {
        add(tag, queue, entryId, consumer, NO_DEADLINE);
    }

    /**
     * Records a delivery; {@code tag} must be greater than every tag added before.
     *
     * @param deadline when its lease runs out, or {@link #NO_DEADLINE}
     */
    void add(long tag, Queue queue, long entryId, ConsumerState consumer, long deadline) {
        if (size == states.length) {
            grow();
        }
        int slot = (head + size) & mask;
        tags[slot] = tag;
        entryIds[slot] = entryId;
        deadlines[slot] = deadline;
        queues[slot] = queue;
        consumers[slot] = consumer;
        states[slot] = LIVE;
        size++;
        outstanding++;
    }

    /**
     * Takes the entry with this tag, or with {@code multiple} every outstanding entry up to it (tag 0 with multiple
     * meaning all of them), handing each to {@code visitor}.
     *
     * @return false, taking nothing, if the tag is not outstanding (RabbitMQ's "unknown delivery tag")
     */
    boolean take(long tag, boolean multiple, byte action, Visitor visitor) {
        boolean everything = multiple && tag == 0;
        int last = everything ? size - 1 : find(tag);
        if (last < 0 && !everything) {
            return false;
        }
        int first = multiple ? 0 : last;
        for (int i = first; i <= last; i++) {
            int slot = (head + i) & mask;
            if (states[slot] == LIVE) {
                release(slot, action, visitor);
            }
        }
        trim();
        return true;
    }

    /**
     * Takes every outstanding entry with a tag below {@code tag} (a multiple settle naming a tag that is no longer
     * outstanding because its lease ran out).
     */
    void takeBelow(long tag, byte action, Visitor visitor) {
        int last = lastBelow(tag);
        for (int i = 0; i <= last; i++) {
            int slot = (head + i) & mask;
            if (states[slot] == LIVE) {
                release(slot, action, visitor);
            }
        }
        trim();
    }

    /** Like {@link #takeBelow} but only marks the entries, for a transaction. */
    void holdBelow(long tag, byte action) {
        int last = lastBelow(tag);
        for (int i = 0; i <= last; i++) {
            int slot = (head + i) & mask;
            if (states[slot] == LIVE) {
                states[slot] = (byte) (HELD + action);
                outstanding--;
                held++;
            }
        }
    }

    /**
     * Shows {@code inspector} the outstanding entry with {@code tag}, or with {@code multiple} every outstanding entry
     * up to it, without taking them, and stores the deadlines it answers.
     */
    void inspect(long tag, boolean multiple, Inspector inspector) {
        int last = multiple ? lastBelow(tag + 1) : find(tag);
        for (int i = multiple ? 0 : Math.max(last, 0); i <= last; i++) {
            int slot = (head + i) & mask;
            if (states[slot] == LIVE) {
                deadlines[slot] = inspector.outstanding(tags[slot], queues[slot], deadlines[slot]);
            }
        }
    }

    /**
     * Tells {@code visitor} about every outstanding entry whose deadline is at or before {@code now}, in tag order.
     * Held entries (a transaction holds their settle) are not due. O(entries): called when a lease timer fires.
     */
    void forEachDue(long now, DueVisitor visitor) {
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & mask;
            if (states[slot] == LIVE && deadlines[slot] <= now) {
                visitor.due(tags[slot], consumers[slot]);
            }
        }
    }

    /** The earliest deadline of the outstanding entries, or {@link #NO_DEADLINE}. O(entries). */
    long earliestDeadline() {
        long earliest = NO_DEADLINE;
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & mask;
            if (states[slot] == LIVE && deadlines[slot] < earliest) {
                earliest = deadlines[slot];
            }
        }
        return earliest;
    }

    /** Like {@link #take} but only marks the entries, for a transaction to settle on commit or restore on rollback. */
    boolean hold(long tag, boolean multiple, byte action) {
        boolean everything = multiple && tag == 0;
        int last = everything ? size - 1 : find(tag);
        if (last < 0 && !everything) {
            return false;
        }
        int first = multiple ? 0 : last;
        for (int i = first; i <= last; i++) {
            int slot = (head + i) & mask;
            if (states[slot] == LIVE) {
                states[slot] = (byte) (HELD + action);
                outstanding--;
                held++;
            }
        }
        return true;
    }

    /** Settles every held entry with the action it was held for (tx.commit), in tag order. */
    void commitHeld(Visitor visitor) {
        for (int i = 0; i < size && held > 0; i++) {
            int slot = (head + i) & mask;
            byte state = states[slot];
            if (state > HELD) {
                held--;
                outstanding++; // release() counts it down again
                release(slot, (byte) (state - HELD), visitor);
            }
        }
        trim();
    }

    /** Makes every held entry outstanding again (tx.rollback). */
    void rollbackHeld() {
        for (int i = 0; i < size && held > 0; i++) {
            int slot = (head + i) & mask;
            if (states[slot] > HELD) {
                states[slot] = LIVE;
                held--;
                outstanding++;
            }
        }
    }

    /**
     * Takes every outstanding entry (basic.recover), and with {@code includingHeld} the held ones too (the channel is
     * closing), handing each to {@code visitor} with {@code action}.
     */
    void takeAll(byte action, boolean includingHeld, Visitor visitor) {
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & mask;
            byte state = states[slot];
            if (state == LIVE) {
                release(slot, action, visitor);
            } else if (includingHeld && state > HELD) {
                held--;
                outstanding++;
                release(slot, action, visitor);
            }
        }
        trim();
    }

    private void release(int slot, byte action, Visitor visitor) {
        long tag = tags[slot];
        Queue queue = queues[slot];
        ConsumerState consumer = consumers[slot];
        long entryId = entryIds[slot];
        states[slot] = SETTLED;
        queues[slot] = null;
        consumers[slot] = null;
        outstanding--;
        visitor.settle(action, tag, queue, entryId, consumer);
    }

    /** The position (from the head) of the outstanding entry with {@code tag}, or -1. */
    private int find(long tag) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long midTag = tags[(head + mid) & mask];
            if (midTag < tag) {
                low = mid + 1;
            } else if (midTag > tag) {
                high = mid - 1;
            } else {
                return states[(head + mid) & mask] == LIVE ? mid : -1;
            }
        }
        return -1;
    }

    /** The position (from the head) of the last entry, of any state, whose tag is below {@code tag}, or -1. */
    private int lastBelow(long tag) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (tags[(head + mid) & mask] < tag) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return high;
    }

    /** Drops tombstones at the head; compacts when they make up most of a large ring. */
    private void trim() {
        while (size > 0 && states[head] == SETTLED) {
            head = (head + 1) & mask;
            size--;
        }
        if (size > 64 && (outstanding + held) * 4 < size) {
            compact(states.length);
        }
    }

    private void grow() {
        compact(states.length * 2);
    }

    /** Copies the live and held entries, in order, into fresh arrays of {@code capacity}. */
    private void compact(int capacity) {
        long[] oldTags = tags;
        long[] oldIds = entryIds;
        long[] oldDeadlines = deadlines;
        Queue[] oldQueues = queues;
        ConsumerState[] oldConsumers = consumers;
        byte[] oldStates = states;
        int oldMask = mask;
        int oldHead = head;
        int oldSize = size;
        allocate(capacity);
        int n = 0;
        for (int i = 0; i < oldSize; i++) {
            int slot = (oldHead + i) & oldMask;
            if (oldStates[slot] != SETTLED) {
                tags[n] = oldTags[slot];
                entryIds[n] = oldIds[slot];
                deadlines[n] = oldDeadlines[slot];
                queues[n] = oldQueues[slot];
                consumers[n] = oldConsumers[slot];
                states[n] = oldStates[slot];
                n++;
            }
        }
        head = 0;
        size = n;
    }
}
