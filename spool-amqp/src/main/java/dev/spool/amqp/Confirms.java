package dev.spool.amqp;

import dev.spool.codec.method.BasicAck;
import dev.spool.codec.method.BasicNack;

/**
 * Publisher confirms of one channel (confirm.select): numbers each publish from 1 and tells the publisher, in order,
 * once the message is safe: at once when it was transient, unroutable or routed to queues that keep it in memory; only
 * after the fsync covering its record when it is a persistent message in a durable queue. Confirms are collected and
 * sent at the end of a read batch (or of a group commit) as one basic.ack with {@code multiple} set, so a pipelining
 * publisher gets few acks.
 *
 * <p>Confirms go out strictly in sequence order, so a multiple ack never covers a publish still waiting for the disk
 * and never names a nacked one. Publishes waiting for the disk sit in a small ring of sequence numbers; a nack that
 * happens while earlier publishes still wait is queued in the same ring (negated) and sent when they are resolved.
 * A nack first sends the acks before it.
 *
 * <p>Confined to the connection's event loop.
 */
final class Confirms {
    /** Tells whether the store failed a publish. */
    interface Failures {
        /** Whether the stored publish {@code sequence} failed (asked once per waiting publish, in order). */
        boolean failed(long sequence);
    }

    private boolean enabled;
    private long nextSequence = 1;
    /** Highest sequence whose publish has been handled (confirmable now, or waiting). */
    private long handledUpTo;
    /** Highest sequence already acked or nacked on the wire. */
    private long sentUpTo;
    /** Sequences not yet confirmable, increasing: positive waits for the disk, negative is a nack queued behind. */
    private final LongFifo waiting = new LongFifo();

    boolean enabled() {
        return enabled;
    }

    void enable() {
        enabled = true;
    }

    /** The sequence number of the next publish; call only when enabled. */
    long next() {
        return nextSequence++;
    }

    /** The message with this sequence number is safely enqueued (or unroutable): confirmable as soon as those before. */
    void ack(long sequence) {
        handledUpTo = sequence;
    }

    /** The message with this sequence number is confirmed only once the store says its record is durable. */
    void awaitDisk(long sequence) {
        waiting.add(sequence);
        handledUpTo = sequence;
    }

    /** The message with this sequence number was lost: nacked after the acks before it (at once, or in turn). */
    void nack(long sequence, FrameWriter writer, int channel) {
        handledUpTo = sequence;
        if (waiting.isEmpty()) {
            sendNack(sequence, writer, channel);
        } else {
            waiting.add(-sequence);
        }
    }

    /**
     * The store resolved every waiting publish up to {@code upTo}: each becomes confirmable, or is nacked when
     * {@code failures} says it failed. Acks are left for {@link #flush}.
     *
     * @return how many of them became confirmable (for the channel's confirm counter)
     */
    int diskResolved(long upTo, Failures failures, FrameWriter writer, int channel) {
        int acked = 0;
        while (!waiting.isEmpty()) {
            long entry = waiting.first();
            if (entry < 0) {
                waiting.poll();
                sendNack(-entry, writer, channel);
                continue;
            }
            if (entry > upTo) {
                return acked;
            }
            waiting.poll();
            if (failures.failed(entry)) {
                sendNack(entry, writer, channel);
            } else {
                acked++;
            }
        }
        return acked;
    }

    /** Whether acks wait to be sent. */
    boolean hasPending() {
        return frontier() > sentUpTo;
    }

    /** Writes the confirmable acks as one basic.ack, {@code multiple} when it covers more than one publish. */
    void flush(FrameWriter writer, int channel) {
        sendAcksUpTo(frontier(), writer, channel);
    }

    /** The highest sequence that may be acked: everything handled before the first one still waiting. */
    private long frontier() {
        return waiting.isEmpty() ? handledUpTo : Math.abs(waiting.first()) - 1;
    }

    private void sendAcksUpTo(long sequence, FrameWriter writer, int channel) {
        if (sequence > sentUpTo) {
            writer.method(channel, new BasicAck(sequence, sequence - sentUpTo > 1));
            sentUpTo = sequence;
        }
    }

    private void sendNack(long sequence, FrameWriter writer, int channel) {
        sendAcksUpTo(sequence - 1, writer, channel);
        writer.method(channel, new BasicNack(sequence, false, false));
        sentUpTo = sequence;
    }
}
