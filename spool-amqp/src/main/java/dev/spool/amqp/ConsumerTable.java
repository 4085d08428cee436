package dev.spool.amqp;

import dev.spool.codec.FieldTable;
import dev.spool.codec.ReplyCode;
import dev.spool.codec.method.BasicCancel;
import dev.spool.codec.method.BasicCancelOk;
import dev.spool.codec.method.BasicConsume;
import dev.spool.codec.method.BasicConsumeOk;
import dev.spool.engine.ResourceNames;
import dev.spool.engine.client.ClientChannel;
import dev.spool.engine.client.ClientConsumer;
import dev.spool.engine.auth.Access;
import dev.spool.engine.policy.QueueArguments;
import dev.spool.engine.queue.Queue;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One channel's consumers by tag: basic.consume, basic.cancel (from the client, from a queue that went away, or from
 * the channel's {@link ConsumerLeases} for a consumer whose deliveries keep timing out) and the prefetch that basic.qos
 * sets for consumers created afterwards (RabbitMQ's per-consumer reading of {@code global=false}). A consume of the
 * direct reply-to pseudo-queue goes to the channel's {@link DirectReplyConsumer}.
 *
 * <p>Confined to the connection's event loop; the {@link ConsumerState}s it creates are what queues call.
 */
final class ConsumerTable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PRIORITY_ARGUMENT = "x-priority";

    private final AmqpChannel channel;
    private final OpenConnection connection;
    private final ChannelCredit credit;
    private final ClientChannel stats;
    private final DirectReplyConsumer replies;
    private final Map<String, ConsumerState> byTag = new LinkedHashMap<>();
    private int prefetch;

    ConsumerTable(AmqpChannel channel, OpenConnection connection, ChannelCredit credit, ClientChannel stats,
                  DirectReplyConsumer replies) {
        this.stats = stats;
        this.replies = replies;
        this.channel = channel;
        this.connection = connection;
        this.credit = credit;
    }

    /** basic.qos with global=false: the prefetch of consumers created from now on; 0 for none. */
    void prefetch(int count) {
        this.prefetch = count;
    }

    /**
     * basic.consume on {@code queueName} (the shortcut already expanded).
     *
     * @return basic.consume-ok, or null with no-wait
     * @throws AmqpError 530 NOT_ALLOWED when the tag is in use on this channel (a connection error, as RabbitMQ);
     *                   then ACCESS_REFUSED without read access to the queue
     */
    BasicConsumeOk consume(BasicConsume method, String queueName) {
        String tag = method.consumerTag().isEmpty() ? generateTag() : method.consumerTag();
        if (byTag.containsKey(tag)) {
            throw AmqpError.of(ReplyCode.NOT_ALLOWED, "attempt to reuse consumer tag '" + tag + "'");
        }
        if (DirectReplyTo.QUEUE.equals(queueName)) {
            return replies.consume(method, tag); // no queue, no permission check, as RabbitMQ
        }
        connection.access().checkQueue(Access.READ, queueName);
        Queue queue = connection.vhost().queue(queueName, connection.owner());
        if (method.arguments() != null) {
            QueueArguments.checkConsume(queue.vhostName(), queue.name(), method.arguments().asMap());
        }
        int priority = priority(method.arguments(), queue);
        ConsumerState consumer = new ConsumerState(tag, method.noAck(), method.exclusive(), priority, prefetch,
                channel, queue, credit, connection.outbox());
        byTag.put(tag, consumer);
        try {
            queue.addConsumer(consumer); // may dispatch at once: deliveries wait in the outbox until consume-ok is out
        } catch (RuntimeException e) {
            byTag.remove(tag);
            consumer.cancel();
            throw e;
        }
        stats.consumerAdded(new ClientConsumer(tag, queueName, !method.noAck(), method.exclusive(), prefetch,
                PlainValues.of(method.arguments())));
        return method.noWait() ? null : new BasicConsumeOk(tag);
    }

    /**
     * basic.cancel from the client. Unknown tags are fine, as the spec says. Deliveries already handed to the outbox
     * for this consumer are written before the cancel-ok, so none follows it.
     *
     * @return basic.cancel-ok, or null with no-wait
     */
    BasicCancelOk cancel(BasicCancel method) {
        if (replies.cancel(method.consumerTag())) {
            return method.noWait() ? null : new BasicCancelOk(method.consumerTag());
        }
        ConsumerState consumer = byTag.remove(method.consumerTag());
        if (consumer != null) {
            stats.consumerRemoved(consumer.tag());
            consumer.cancel();
            consumer.queue().removeConsumer(consumer);
            connection.outbox().drainAll();
        }
        return method.noWait() ? null : new BasicCancelOk(method.consumerTag());
    }

    /**
     * {@code consumer}'s deliveries timed out too often in a row: it is presumed stuck and cancelled with a
     * server-sent basic.cancel, its channel and its other deliveries untouched. Nothing happens for a client that did
     * not announce {@code consumer_cancel_notify} (it could not tell), or when the consumer is gone already.
     */
    void cancelStuck(ConsumerState consumer) {
        if (!connection.consumerCancelNotify() || byTag.get(consumer.tag()) != consumer) {
            return;
        }
        byTag.remove(consumer.tag());
        stats.consumerRemoved(consumer.tag());
        consumer.cancel();
        consumer.queue().removeConsumer(consumer);
        connection.outbox().drainAll(); // deliveries on their way go out before the cancel
        connection.writer().method(channel.id(), new BasicCancel(consumer.tag(), true));
    }

    /** A queue dropped {@code consumer} (it was deleted): forget it and tell the client if it asked to be told. */
    void cancelledByQueue(ConsumerState consumer, int channelId) {
        if (byTag.get(consumer.tag()) == consumer) {
            byTag.remove(consumer.tag());
            stats.consumerRemoved(consumer.tag());
            if (connection.consumerCancelNotify()) {
                connection.writer().method(channelId, new BasicCancel(consumer.tag(), true));
            }
        }
    }

    /** Asks every consumer's queue to dispatch again (channel credit returned, socket writable again). */
    void dispatchAll() {
        // dispatching only hands deliveries to the outbox, so the map cannot change under this loop
        for (ConsumerState consumer : byTag.values()) {
            consumer.queue().dispatch();
        }
    }

    /** The channel is closing: no consumer takes a delivery from now on (they stay subscribed until removeAll). */
    void stopAll() {
        for (ConsumerState consumer : byTag.values()) {
            consumer.cancel();
        }
    }

    /** The channel is closing: every consumer leaves its queue, after which no delivery can reach it. */
    void removeAll() {
        replies.close();
        List<ConsumerState> all = new ArrayList<>(byTag.values());
        byTag.clear();
        for (ConsumerState consumer : all) {
            stats.consumerRemoved(consumer.tag());
            consumer.cancel();
            consumer.queue().removeConsumer(consumer);
        }
    }

    private static int priority(FieldTable arguments, Queue queue) {
        if (arguments == null || !arguments.containsKey(PRIORITY_ARGUMENT)) {
            return 0;
        }
        Long value = arguments.getLong(PRIORITY_ARGUMENT);
        if (value == null || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw AmqpError.preconditionFailed("invalid arg '" + PRIORITY_ARGUMENT + "' for "
                    + ResourceNames.queue(queue.vhostName(), queue.name()) + ": {unacceptable_type,"
                    + arguments.get(PRIORITY_ARGUMENT) + "}");
        }
        return value.intValue();
    }

    /** RabbitMQ's server-named consumer tag: {@code amq.ctag-} and 22 url-safe base64 characters. */
    private static String generateTag() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return "amq.ctag-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
