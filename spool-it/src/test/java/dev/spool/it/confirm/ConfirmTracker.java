package dev.spool.it.confirm;

import com.rabbitmq.client.ConfirmListener;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Checks the confirms one channel receives against what it published: every sequence number from 1 to the number
 * published is acked exactly once, a multiple ack standing for every sequence number up to its tag that was still
 * unconfirmed. Anything else is recorded as a problem: an ack for a number never published, one acked twice, a nack.
 *
 * <p>The client library calls the listener methods on the connection's reader thread; the test thread reads the
 * results. Every method is synchronized.
 */
final class ConfirmTracker implements ConfirmListener {
    private final int published;
    private final BitSet confirmed = new BitSet();
    private final List<String> problems = new ArrayList<>();

    ConfirmTracker(int published) {
        this.published = published;
    }

    @Override
    public synchronized void handleAck(long deliveryTag, boolean multiple) {
        if (deliveryTag < 1 || deliveryTag > published) {
            problems.add("ack for sequence number " + deliveryTag + " (published 1.." + published + ")");
            return;
        }
        int tag = (int) deliveryTag;
        if (confirmed.get(tag)) {
            problems.add("sequence number " + tag + " acked again (multiple=" + multiple + ")");
            return;
        }
        if (multiple) {
            confirmed.set(1, tag + 1);
        } else {
            confirmed.set(tag);
        }
    }

    @Override
    public synchronized void handleNack(long deliveryTag, boolean multiple) {
        problems.add("nack for sequence number " + deliveryTag + " (multiple=" + multiple + ")");
    }

    synchronized int confirmedCount() {
        return confirmed.cardinality();
    }

    /** Sequence numbers published but not (yet) confirmed. */
    synchronized List<Integer> unconfirmed() {
        List<Integer> missing = new ArrayList<>();
        for (int seq = confirmed.nextClearBit(1); seq <= published; seq = confirmed.nextClearBit(seq + 1)) {
            missing.add(seq);
        }
        return missing;
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }
}
