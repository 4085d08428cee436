package dev.spool.engine.queue;

import dev.spool.engine.message.Message;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test consumer with prefetch-style credit: each delivery takes one credit, {@link #grant} returns some. Records
 * what it gets. Thread-safe, as the contract requires.
 */
public final class RecordingConsumer implements Consumer {
    /** One delivery as the queue made it. */
    public record Delivery(Queue queue, long entryId, Message message, boolean redelivered) {
    }

    private final String tag;
    private final boolean noAck;
    private final boolean exclusive;
    private final int priority;
    private final AtomicInteger credit;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile Queue cancelledBy;

    public RecordingConsumer(String tag, int credit) {
        this(tag, credit, false, false, 0);
    }

    public RecordingConsumer(String tag, int credit, boolean noAck, boolean exclusive, int priority) {
        this.tag = tag;
        this.noAck = noAck;
        this.exclusive = exclusive;
        this.priority = priority;
        this.credit = new AtomicInteger(credit);
    }

    public static RecordingConsumer unlimited(String tag) {
        return new RecordingConsumer(tag, Integer.MAX_VALUE);
    }

    @Override
    public String tag() {
        return tag;
    }

    @Override
    public boolean noAck() {
        return noAck;
    }

    @Override
    public boolean exclusive() {
        return exclusive;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public boolean tryAcquireCredit() {
        while (true) {
            int c = credit.get();
            if (c <= 0) {
                return false;
            }
            if (credit.compareAndSet(c, c - 1)) {
                return true;
            }
        }
    }

    @Override
    public void deliver(Queue queue, long entryId, Message message, boolean redelivered) {
        deliveries.add(new Delivery(queue, entryId, message, redelivered));
    }

    @Override
    public void cancelledByQueue(Queue queue) {
        cancelledBy = queue;
    }

    /** Returns credit (as an ack would). The caller then calls {@link Queue#dispatch()}. */
    public void grant(int n) {
        credit.addAndGet(n);
    }

    public List<Delivery> deliveries() {
        return deliveries;
    }

    public Delivery last() {
        return deliveries.get(deliveries.size() - 1);
    }

    public Queue cancelledBy() {
        return cancelledBy;
    }

    @Override
    public String toString() {
        return tag;
    }
}
