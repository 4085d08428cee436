package dev.spool.amqp;

import dev.spool.codec.method.BasicAck;
import dev.spool.codec.method.BasicNack;

/**
 * Publisher confirms of one channel (confirm.select): numbers each publish from 1 and tells the publisher once the
 * message is in every queue it was routed to (at once when it was unroutable). Since routing and enqueueing finish
 * before the publish is handled, confirms are collected as a range and sent at the end of the read batch as one
 * basic.ack with {@code multiple} set, so a pipelining publisher gets few acks. A nack (an internal failure) first
 * sends the acks collected before it, so the publisher always sees them in order.
 *
 * <p>Confined to the connection's event loop.
 */
final class Confirms {
    private boolean enabled;
    private long nextSequence = 1;
    private long ackedUpTo; // highest sequence confirmed but not yet sent
    private long sentUpTo; // highest sequence already acked or nacked on the wire

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

    /** The message with this sequence number is safely enqueued (or unroutable). */
    void ack(long sequence) {
        ackedUpTo = sequence;
    }

    /** Whether acks wait to be sent. */
    boolean hasPending() {
        return ackedUpTo > sentUpTo;
    }

    /** The message with this sequence number was lost: sends pending acks, then the nack. */
    void nack(long sequence, FrameWriter writer, int channel) {
        flush(writer, channel);
        writer.method(channel, new BasicNack(sequence, false, false));
        sentUpTo = sequence;
        ackedUpTo = sequence;
    }

    /** Writes the pending acks as one basic.ack, {@code multiple} when it covers more than one publish. */
    void flush(FrameWriter writer, int channel) {
        if (ackedUpTo > sentUpTo) {
            writer.method(channel, new BasicAck(ackedUpTo, ackedUpTo - sentUpTo > 1));
            sentUpTo = ackedUpTo;
        }
    }
}
