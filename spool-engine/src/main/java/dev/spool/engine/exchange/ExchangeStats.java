package dev.spool.engine.exchange;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An exchange's message counters, as RabbitMQ's management reports them: {@code publish_in} (messages published to
 * the exchange) and {@code publish_out} (the queues they were routed to, one per message and queue).
 *
 * <p>Every publisher thread adds to the exchange it publishes to, so the counters are <b>striped</b>: each thread
 * adds, with one atomic add, to the stripe its thread id picks, a cache line of its own (no false sharing between
 * event loops); readers sum the stripes. With about as many stripes as event-loop threads, two publishers rarely share
 * a stripe, so the add is uncontended: no lock, no allocation, no {@code LongAdder} cell growth. Readers see a racy
 * but never torn or decreasing sum.
 *
 * <p>Thread-safe: any number of writers and readers.
 */
public final class ExchangeStats {
    /** Longs per cache line (64 bytes): each stripe is one line, slot 0 publish_in, slot 1 publish_out. */
    private static final int LINE = 8;
    private static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());
    private static final int MASK = STRIPES - 1;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

    /** One padding line in front, then the stripes: no stripe shares a line with the array header. */
    private final long[] slots = new long[(STRIPES + 1) * LINE];

    /**
     * A power of two, at least twice the processors (event loops default to twice the cores), at most 16 (about a
     * kilobyte per exchange).
     */
    static int stripes(int processors) {
        int wanted = Math.max(2, Math.min(16, processors * 2));
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    /**
     * Counts one message published to this exchange and routed to {@code queues} queues. Publish path: one atomic add
     * per counter on this thread's stripe.
     */
    public void published(int queues) {
        int base = ((int) Thread.currentThread().getId() & MASK) * LINE + LINE;
        SLOTS.getAndAdd(slots, base, 1L);
        if (queues != 0) {
            SLOTS.getAndAdd(slots, base + 1, (long) queues);
        }
    }

    /** Messages published to this exchange. Any thread. */
    public long publishIn() {
        return sum(0);
    }

    /** Messages routed from this exchange, counted once per queue. Any thread. */
    public long publishOut() {
        return sum(1);
    }

    private long sum(int slot) {
        long total = 0;
        for (int i = LINE + slot; i < slots.length; i += LINE) {
            total += (long) SLOTS.getVolatile(slots, i);
        }
        return total;
    }
}
