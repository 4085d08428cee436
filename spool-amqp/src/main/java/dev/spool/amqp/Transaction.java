package dev.spool.amqp;

import dev.spool.engine.message.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * A transactional channel's work in progress (tx.select): the publishes held until tx.commit. Acks, nacks and rejects
 * are held too, as marks in the channel's {@link Unacked}, so a second ack of a held tag is refused as in RabbitMQ and
 * tx.rollback puts them back. Rollback discards the held publishes.
 *
 * <p>Confined to the connection's event loop.
 */
final class Transaction {
    /** A publish waiting for commit. */
    record HeldPublish(String exchange, Message message, boolean mandatory) {
    }

    private final List<HeldPublish> publishes = new ArrayList<>();

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
}
