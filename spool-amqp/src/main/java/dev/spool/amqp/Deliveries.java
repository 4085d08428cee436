package dev.spool.amqp;

import dev.spool.codec.method.BasicGet;
import dev.spool.codec.method.BasicGetEmpty;
import dev.spool.codec.method.BasicGetOk;
import dev.spool.engine.client.ClientChannel;
import dev.spool.engine.client.MessageCounters;
import dev.spool.engine.auth.Access;
import dev.spool.engine.message.Message;
import dev.spool.engine.queue.GetResult;
import dev.spool.engine.queue.Queue;

/**
 * Sends messages to one channel's client, by basic.deliver (a consumer's delivery, taken from the outbox) or basic.get:
 * numbers them with the channel's delivery tags (1, 2, ... in the order they are written) and records the ones to be
 * acknowledged in the channel's {@link Unacked}, each with a lease of its queue's consumer timeout
 * ({@link ConsumerLeases}). Direct reply-to replies come through here too, as no-ack deliveries without a queue.
 *
 * <p>Confined to the connection's event loop.
 */
final class Deliveries {
    private final int channelId;
    private final OpenConnection connection;
    private final Unacked unacked;
    private final ClientChannel stats;
    private final MessageCounters counters;
    private final ConsumerLeases leases;
    private long nextTag = 1;

    Deliveries(int channelId, OpenConnection connection, Unacked unacked, ClientChannel stats,
               ConsumerLeases leases) {
        this.channelId = channelId;
        this.leases = leases;
        this.stats = stats;
        this.counters = stats.counters();
        this.connection = connection;
        this.unacked = unacked;
    }

    /** Writes a consumer's delivery. The hot path: allocates nothing but the frame buffers. */
    void deliver(Delivery delivery) {
        ConsumerState consumer = delivery.consumer;
        long tag = nextTag++;
        if (consumer.noAck()) {
            counters.increment(MessageCounters.DELIVERED_CONSUME_AUTO_ACK);
        } else {
            unacked.add(tag, delivery.queue, delivery.entryId, consumer, leases.deadlineFor(delivery.queue));
            counters.increment(MessageCounters.DELIVERED_CONSUME_MANUAL_ACK);
            stats.unacknowledged(unacked.outstanding());
        }
        if (delivery.redelivered) {
            counters.increment(MessageCounters.REDELIVERED);
        }
        connection.writer().deliver(channelId, consumer.tag(), tag, delivery.redelivered, delivery.message);
    }

    /**
     * basic.get on {@code queueName} (the shortcut already expanded): get-ok with the message, or get-empty. Needs read
     * access to the queue.
     */
    void get(BasicGet method, String queueName) {
        connection.access().checkQueue(Access.READ, queueName);
        Queue queue = connection.vhost().queue(queueName, connection.owner());
        GetResult result = queue.get(method.noAck());
        if (result == null) {
            counters.increment(MessageCounters.GET_EMPTY);
            connection.writer().method(channelId, new BasicGetEmpty(""));
            return;
        }
        long tag = nextTag++;
        if (method.noAck()) {
            counters.increment(MessageCounters.DELIVERED_GET_AUTO_ACK);
        } else {
            unacked.add(tag, queue, result.entryId(), null, leases.deadlineFor(queue));
            counters.increment(MessageCounters.DELIVERED_GET_MANUAL_ACK);
            stats.unacknowledged(unacked.outstanding());
        }
        if (result.redelivered()) {
            counters.increment(MessageCounters.REDELIVERED);
        }
        Message message = result.message();
        connection.writer().content(channelId, new BasicGetOk(tag, result.redelivered(), message.exchange(),
                message.routingKey(), result.messageCount()), message);
    }
}
