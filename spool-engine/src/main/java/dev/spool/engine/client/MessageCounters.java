package dev.spool.engine.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One channel's message counters, named as RabbitMQ's global Prometheus counters name them. Counting is the hot path
 * (every publish, delivery and ack), so this is a plain {@code long[]} with a single writer: the channel's own thread
 * adds with an opaque store (a plain move on x86, no fence, no CAS, no allocation), and management threads read with
 * opaque loads, which never see a torn or older-than-seen value. Readers see each counter slightly stale, which rates
 * and totals tolerate.
 *
 * <p>Single writer (the owning channel's thread); any number of readers.
 */
public final class MessageCounters {
    /** basic.publish received. */
    public static final int RECEIVED = 0;
    /** Publishes received on a channel in confirm mode. */
    public static final int RECEIVED_CONFIRM = 1;
    /** Publishes routed to at least one queue. */
    public static final int ROUTED = 2;
    /** Unroutable publishes dropped (not mandatory). */
    public static final int UNROUTABLE_DROPPED = 3;
    /** Unroutable mandatory publishes returned (basic.return). */
    public static final int UNROUTABLE_RETURNED = 4;
    /** Publisher confirms sent (basic.ack to the publisher). */
    public static final int CONFIRMED = 5;
    /** basic.deliver to a no-ack consumer. */
    public static final int DELIVERED_CONSUME_AUTO_ACK = 6;
    /** basic.deliver to a consumer that acknowledges. */
    public static final int DELIVERED_CONSUME_MANUAL_ACK = 7;
    /** basic.get-ok with no-ack. */
    public static final int DELIVERED_GET_AUTO_ACK = 8;
    /** basic.get-ok to be acknowledged. */
    public static final int DELIVERED_GET_MANUAL_ACK = 9;
    /** basic.get-empty. */
    public static final int GET_EMPTY = 10;
    /** Deliveries (consume or get) with the redelivered flag. */
    public static final int REDELIVERED = 11;
    /** Deliveries acknowledged by the client. */
    public static final int ACKNOWLEDGED = 12;
    /** How many counters there are. */
    public static final int COUNT = 13;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] counts = new long[COUNT];

    /** Adds one. Owning thread only. */
    public void increment(int counter) {
        SLOTS.setOpaque(counts, counter, counts[counter] + 1);
    }

    /** Adds {@code delta}. Owning thread only. */
    public void add(int counter, long delta) {
        SLOTS.setOpaque(counts, counter, counts[counter] + delta);
    }

    /** The current value. Any thread. */
    public long get(int counter) {
        return (long) SLOTS.getOpaque(counts, counter);
    }

    /** Adds every counter into {@code sums} (of length {@link #COUNT}). Any thread. */
    public void addTo(long[] sums) {
        for (int i = 0; i < COUNT; i++) {
            sums[i] += (long) SLOTS.getOpaque(counts, i);
        }
    }
}
