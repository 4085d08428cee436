package dev.spool.engine.queue;

import dev.spool.engine.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A queue's statistics for management: message counters (RabbitMQ's per-queue {@code message_stats}), the age of the
 * oldest ready message and of the oldest unacknowledged delivery, and how long consumers were saturated (ready
 * messages waiting while every consumer was out of credit), from which management derives consumer utilisation.
 * Times come from a coarse clock ({@link Clock#coarse()}): a volatile read per delivery, never a clock call.
 *
 * <p><b>Threading.</b> Written only by the owning queue under its lock, as part of what it does anyway: counters are
 * plain slots advanced with opaque stores (no fence, no allocation). Management reads them racily with opaque loads,
 * without the queue's lock, so a scrape never contends with publishers.
 *
 * <p>The oldest unacknowledged delivery comes from a FIFO of (entry id, delivery time) in delivery order: an ack of
 * the FIFO's head pops it and every following entry no longer unacknowledged, so the head is always the oldest
 * delivery still out (amortized O(1) per delivery). A requeued and redelivered entry keeps its first delivery time
 * until that first record is popped.
 */
public final class QueueStats {
    /** Messages enqueued (routed to this queue). */
    public static final int PUBLISHED = 0;
    /** Deliveries to consumers that acknowledge. */
    public static final int DELIVERED = 1;
    /** Deliveries to no-ack consumers. */
    public static final int DELIVERED_NO_ACK = 2;
    /** basic.get taking a message to be acknowledged. */
    public static final int GET = 3;
    /** basic.get with no-ack. */
    public static final int GET_NO_ACK = 4;
    /** Deliveries and gets of messages delivered before. */
    public static final int REDELIVERED = 5;
    /** Acknowledgements. */
    public static final int ACKNOWLEDGED = 6;
    /** How many counters there are. */
    public static final int COUNT = 7;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int OLDEST_READY = COUNT;
    private static final int OLDEST_UNACKED = COUNT + 1;
    private static final int SATURATED_MILLIS = COUNT + 2;
    private static final int SATURATED_SINCE = COUNT + 3;
    private static final int SATURATED_FLAG = COUNT + 4;

    private final Clock clock;
    private final long[] slots = new long[COUNT + 5];
    private boolean saturated;
    private long[] deliveredIds = new long[16];
    private long[] deliveredAt = new long[16];
    private int head;
    private int size;

    public QueueStats(Clock clock) {
        this.clock = clock;
    }

    // ---- written by the queue, under its lock ------------------------------------------------------------------

    void count(int counter) {
        SLOTS.setOpaque(slots, counter, slots[counter] + 1);
    }

    /** A delivery (consume or get) to be acknowledged: remembers when, for the oldest-unacked age. */
    void delivered(long entryId) {
        if (size == deliveredIds.length) {
            grow();
        }
        int tail = (head + size) & (deliveredIds.length - 1);
        long now = clock.millis();
        deliveredIds[tail] = entryId;
        deliveredAt[tail] = now;
        if (size++ == 0) {
            SLOTS.setOpaque(slots, OLDEST_UNACKED, now);
        }
    }

    /** An entry left the unacknowledged set (ack, discard, requeue); {@code unacked} is what is still out. */
    void settled(long entryId, UnackedEntries unacked) {
        if (size == 0 || deliveredIds[head] != entryId) {
            return; // not the oldest: popped later, when it reaches the head
        }
        int mask = deliveredIds.length - 1;
        do {
            head = (head + 1) & mask;
            size--;
        } while (size > 0 && !unacked.contains(deliveredIds[head]));
        SLOTS.setOpaque(slots, OLDEST_UNACKED, size == 0 ? 0L : deliveredAt[head]);
    }

    /** Every unacknowledged entry went (delete): the FIFO's memory goes too. */
    void unackedCleared() {
        deliveredIds = new long[16];
        deliveredAt = new long[16];
        head = 0;
        size = 0;
        SLOTS.setOpaque(slots, OLDEST_UNACKED, 0L);
    }

    /**
     * After every change: when the oldest ready message was published (0 when none), and whether messages wait while
     * consumers exist (all of them out of credit, or they would have taken the messages).
     */
    void readyChanged(long oldestReadyPublishedAt, boolean consumersSaturated) {
        SLOTS.setOpaque(slots, OLDEST_READY, oldestReadyPublishedAt);
        if (consumersSaturated != saturated) {
            long now = clock.millis();
            if (saturated) {
                SLOTS.setOpaque(slots, SATURATED_MILLIS, slots[SATURATED_MILLIS] + (now - slots[SATURATED_SINCE]));
            } else {
                SLOTS.setOpaque(slots, SATURATED_SINCE, now);
            }
            saturated = consumersSaturated;
            SLOTS.setOpaque(slots, SATURATED_FLAG, consumersSaturated ? 1L : 0L);
        }
    }

    private void grow() {
        int capacity = deliveredIds.length << 1;
        long[] ids = new long[capacity];
        long[] at = new long[capacity];
        int first = Math.min(size, deliveredIds.length - head);
        System.arraycopy(deliveredIds, head, ids, 0, first);
        System.arraycopy(deliveredAt, head, at, 0, first);
        System.arraycopy(deliveredIds, 0, ids, first, size - first);
        System.arraycopy(deliveredAt, 0, at, first, size - first);
        deliveredIds = ids;
        deliveredAt = at;
        head = 0;
    }

    // ---- read by management, any thread, without the queue's lock -----------------------------------------------

    /** A counter's value (the constants above). */
    public long get(int counter) {
        if (counter < 0 || counter >= COUNT) {
            throw new IllegalArgumentException("no counter " + counter);
        }
        return (long) SLOTS.getOpaque(slots, counter);
    }

    /** When the oldest ready message was published, in epoch millis; 0 when none is ready. */
    public long oldestReadyPublishedAt() {
        return (long) SLOTS.getOpaque(slots, OLDEST_READY);
    }

    /** When the oldest delivery still unacknowledged was made, in epoch millis; 0 when none is out. */
    public long oldestUnackedDeliveredAt() {
        return (long) SLOTS.getOpaque(slots, OLDEST_UNACKED);
    }

    /**
     * Milliseconds during which ready messages waited while every consumer was out of credit, up to
     * {@code nowMillis}. Racy and coarse: good to about a clock tick per change of state, which utilisation over
     * seconds tolerates.
     */
    public long saturatedMillis(long nowMillis) {
        long total = (long) SLOTS.getOpaque(slots, SATURATED_MILLIS);
        long since = (long) SLOTS.getOpaque(slots, SATURATED_SINCE);
        boolean now = (long) SLOTS.getOpaque(slots, SATURATED_FLAG) == 1L;
        return now ? total + Math.max(0, nowMillis - since) : total;
    }

    @Override
    public String toString() {
        return "QueueStats" + Arrays.toString(Arrays.copyOf(slots, COUNT));
    }
}
