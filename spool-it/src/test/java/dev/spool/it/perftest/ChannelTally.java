package dev.spool.it.perftest;

import java.util.BitSet;

/**
 * One AMQP channel as seen on the wire by {@link WireTap}: the publish being assembled, how many messages it
 * published, which publish sequence numbers the broker confirmed, and which delivery tags are outstanding.
 *
 * <p>Both relay threads of a connection call it (publishes and acks come from the client, deliveries and confirms from
 * the broker); every method is synchronized.
 */
final class ChannelTally {
    private final WireCounts totals;
    private boolean expectingHeader;
    private long bodyRemaining = -1;
    private long published;
    private boolean confirmMode;
    private final BitSet confirmed = new BitSet();
    private final BitSet outstandingDeliveries = new BitSet();

    ChannelTally(WireCounts totals) {
        this.totals = totals;
    }

    synchronized void confirmSelected() {
        confirmMode = true;
    }

    /** basic.publish seen: its content header and bodies follow. */
    synchronized void publishStarted() {
        expectingHeader = true;
    }

    synchronized void contentHeader(long bodySize) {
        if (!expectingHeader) {
            return; // the header of a delivery or a get-ok, going the other way, never reaches here
        }
        expectingHeader = false;
        bodyRemaining = bodySize;
        if (bodySize == 0) {
            messagePublished();
        }
    }

    synchronized void contentBody(int length) {
        if (bodyRemaining <= 0) {
            return;
        }
        bodyRemaining -= length;
        if (bodyRemaining <= 0) {
            messagePublished();
        }
    }

    private void messagePublished() {
        bodyRemaining = -1;
        published++;
        totals.countPublished();
    }

    /** basic.ack from the broker on a confirm channel. */
    synchronized void confirm(long tag, boolean multiple) {
        if (!confirmMode || tag < 1 || tag > published) {
            totals.problem("confirm of sequence number " + tag + " on a channel that published " + published
                    + (confirmMode ? "" : " without confirm.select"));
            return;
        }
        if (confirmed.get((int) tag)) {
            totals.problem("sequence number " + tag + " confirmed twice");
            return;
        }
        int before = confirmed.cardinality();
        if (multiple) {
            confirmed.set(1, (int) tag + 1);
        } else {
            confirmed.set((int) tag);
        }
        totals.countConfirmed(confirmed.cardinality() - before);
    }

    /** basic.deliver or basic.get-ok from the broker: the tag is now outstanding until the client settles it. */
    synchronized void delivered(long tag, boolean redelivered) {
        if (outstandingDeliveries.get((int) tag)) {
            totals.problem("delivery tag " + tag + " used twice");
        }
        outstandingDeliveries.set((int) tag);
        totals.countDelivery(redelivered);
    }

    /** basic.ack (or nack/reject) from the client. */
    synchronized void settled(long tag, boolean multiple, boolean ack) {
        int count = outstandingUpTo(tag, multiple);
        if (count < 0) {
            totals.problem("client settled delivery tag " + tag + " that was not outstanding");
            return;
        }
        totals.countSettled(count, ack);
    }

    /**
     * basic.ack (or nack/reject) that the client sent after its connection.close: the broker discards it, so the
     * deliveries it names stay unacknowledged and go back to the queue when the connection is gone.
     */
    synchronized void settledAfterClose(long tag, boolean multiple) {
        int count = outstandingUpTo(tag, multiple);
        if (count > 0) {
            totals.countSettledAfterClose(count);
        }
    }

    /** Clears and counts the outstanding tags a settlement names; -1 for a single tag that was not outstanding. */
    private int outstandingUpTo(long tag, boolean multiple) {
        int count;
        if (multiple) {
            int upTo = tag == 0 ? outstandingDeliveries.length() : (int) tag + 1;
            count = outstandingDeliveries.get(0, upTo).cardinality();
            outstandingDeliveries.clear(0, upTo);
        } else if (outstandingDeliveries.get((int) tag)) {
            outstandingDeliveries.clear((int) tag);
            count = 1;
        } else {
            count = -1;
        }
        return count;
    }

    /** Messages this channel published that the broker has not confirmed. */
    synchronized long unconfirmed() {
        return confirmMode ? published - confirmed.cardinality() : 0;
    }
}
