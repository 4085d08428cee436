package dev.spool.amqp;

import dev.spool.engine.message.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * A transactional channel's work in progress (tx.select): the publishes held until tx.commit. Acks, nacks and rejects
 * are held too, as marks in the channel's {@link Unacked}, so a second ack of a held tag is refused as in RabbitMQ and
 * tx.rollback puts them back. Rollback discards the held publishes. Committed publishes that the store writes for
 * durable queues make their commit wait: the tx.commit-oks owed are kept here, each with the token it waits for.
 *
 * <p>Confined to the connection's event loop.
 */
final class Transaction {
    /** A publish waiting for commit. */
    record HeldPublish(String exchange, Message message, boolean mandatory) {
    }

    private final List<HeldPublish> publishes = new ArrayList<>();
    private final LongFifo pendingCommits = new LongFifo();

    void hold(String exchange, Message message, boolean mandatory) {
        publishes.add(new HeldPublish(exchange, message, mandatory));
    }

    /** The held publishes, in order; cleared by {@link #clear()}. */
    List<HeldPublish> publishes() {
        return publishes;
    }

    void clear() {
        publishes.clear();
    }

    /** A tx.commit-ok is owed once the store resolved {@code token}. */
    void awaitDisk(long token) {
        pendingCommits.add(token);
    }

    /** Whether earlier commit-oks are still owed (a later one must wait for them). */
    boolean commitsPending() {
        return !pendingCommits.isEmpty();
    }

    /** Takes the oldest commit-ok owed if the store resolved its token; returns its token, or -1. */
    long takeResolved(long resolvedUpTo) {
        if (pendingCommits.isEmpty() || pendingCommits.first() > resolvedUpTo) {
            return -1;
        }
        return pendingCommits.poll();
    }
}
