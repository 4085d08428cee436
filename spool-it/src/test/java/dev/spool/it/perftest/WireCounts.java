package dev.spool.it.perftest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Totals over every connection that went through a {@link WireTap}, counted from the frames themselves: complete
 * messages published, confirms (multiple acks expanded), deliveries, and client acks of outstanding deliveries.
 * Problems (a confirm or ack of a number that was never outstanding, a tag used twice) are kept as text.
 *
 * <p>Updated by all relay threads, read by the test thread: atomics and a copy-on-write list.
 */
final class WireCounts {
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong brokerNacks = new AtomicLong();
    private final AtomicLong returns = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong settledAfterClose = new AtomicLong();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<ChannelTally> channels = new CopyOnWriteArrayList<>();

    ChannelTally newChannel() {
        ChannelTally channel = new ChannelTally(this);
        channels.add(channel);
        return channel;
    }

    void countPublished() {
        published.incrementAndGet();
    }

    void countConfirmed(int count) {
        confirmed.addAndGet(count);
    }

    void countBrokerNack() {
        brokerNacks.incrementAndGet();
    }

    void countReturn() {
        returns.incrementAndGet();
    }

    void countDelivery(boolean redelivery) {
        delivered.incrementAndGet();
        if (redelivery) {
            redelivered.incrementAndGet();
        }
    }

    void countSettled(int count, boolean ack) {
        (ack ? acked : rejected).addAndGet(count);
    }

    void countSettledAfterClose(int count) {
        settledAfterClose.addAndGet(count);
    }

    void problem(String description) {
        if (problems.size() < 100) {
            problems.add(description);
        }
    }

    long published() {
        return published.get();
    }

    long confirmed() {
        return confirmed.get();
    }

    long brokerNacks() {
        return brokerNacks.get();
    }

    long returns() {
        return returns.get();
    }

    long delivered() {
        return delivered.get();
    }

    long redelivered() {
        return redelivered.get();
    }

    long acked() {
        return acked.get();
    }

    long rejected() {
        return rejected.get();
    }

    /** Deliveries the client acked, nacked or rejected after its connection.close, which the broker discards. */
    long settledAfterClose() {
        return settledAfterClose.get();
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Per channel, messages published and never confirmed. */
    List<Long> unconfirmedPerChannel() {
        List<Long> unconfirmed = new ArrayList<>();
        for (ChannelTally channel : channels) {
            unconfirmed.add(channel.unconfirmed());
        }
        return unconfirmed;
    }

    @Override
    public String toString() {
        return "published=" + published + ", confirmed=" + confirmed + ", broker nacks=" + brokerNacks
                + ", returns=" + returns + ", delivered=" + delivered + " (redelivered " + redelivered + ")"
                + ", acked by consumers=" + acked + ", rejected by consumers=" + rejected
                + ", settled after connection.close (discarded)=" + settledAfterClose
                + ", problems=" + problems.size();
    }
}
