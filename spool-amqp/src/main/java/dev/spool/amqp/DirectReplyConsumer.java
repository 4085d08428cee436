package dev.spool.amqp;

import dev.spool.codec.BasicProperties;
import dev.spool.codec.method.BasicConsume;
import dev.spool.codec.method.BasicConsumeOk;
import dev.spool.codec.method.QueueDeclare;
import dev.spool.codec.method.QueueDeclareOk;
import dev.spool.engine.ResourceNames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One channel's side of direct reply-to ({@link DirectReplyTo}), with RabbitMQ's rules and texts:
 * <ul>
 * <li>basic.consume of {@value DirectReplyTo#QUEUE} must be no-ack (406 {@code reply consumer cannot acknowledge}),
 *     and only one per channel (406 {@code reply consumer already set}); it answers consume-ok without creating
 *     anything;</li>
 * <li>a publish from this channel whose {@code reply_to} is {@value DirectReplyTo#QUEUE} gets it rewritten to
 *     {@value DirectReplyTo#PREFIX}{@code <key>} (406 {@code fast reply consumer does not exist} without the
 *     consumer);</li>
 * <li>queue.declare of a name starting with {@value DirectReplyTo#QUEUE}, passive or not, answers declare-ok with
 *     0 messages and 1 consumer for the pseudo-queue and for a live reply name, else 404;</li>
 * <li>basic.cancel of the reply consumer and the channel closing remove its key.</li>
 * </ul>
 *
 * <p>Confined to the connection's event loop.
 */
final class DirectReplyConsumer {
    private final DirectReplyTo table;
    private final AmqpChannel channel;
    private final OpenConnection connection;
    private final ChannelCredit credit;
    private ConsumerState consumer;
    private String key;

    DirectReplyConsumer(DirectReplyTo table, AmqpChannel channel, OpenConnection connection, ChannelCredit credit) {
        this.table = table;
        this.channel = channel;
        this.connection = connection;
        this.credit = credit;
    }

    /** Whether queue.declare of {@code queue} is about direct reply-to (RabbitMQ matches the bare prefix). */
    static boolean isReplyName(String queue) {
        return queue.startsWith(DirectReplyTo.QUEUE);
    }

    /**
     * queue.declare of the pseudo-queue or of a reply name.
     *
     * @throws dev.spool.engine.EngineException 404 when the reply name has no live consumer
     */
    QueueDeclareOk declare(QueueDeclare method) {
        String name = method.queue();
        if (!name.equals(DirectReplyTo.QUEUE) && !table.isLive(name)) {
            throw AmqpError.notFound(ResourceNames.noQueue(connection.vhost().name(), name));
        }
        return method.noWait() ? null : new QueueDeclareOk(name, 0, 1);
    }

    /** basic.consume of {@value DirectReplyTo#QUEUE} with {@code tag} (already checked to be unused). */
    BasicConsumeOk consume(BasicConsume method, String tag) {
        if (!method.noAck()) {
            throw AmqpError.preconditionFailed("reply consumer cannot acknowledge");
        }
        if (consumer != null) {
            throw AmqpError.preconditionFailed("reply consumer already set");
        }
        consumer = new ConsumerState(tag, true, false, 0, 0, channel, null, credit, connection.outbox());
        key = table.register(consumer);
        return method.noWait() ? null : new BasicConsumeOk(tag);
    }

    /**
     * basic.cancel: if {@code tag} is the reply consumer's, it goes (replies already on their way are written
     * first, later ones are dropped).
     *
     * @return whether it was the reply consumer
     */
    boolean cancel(String tag) {
        if (consumer == null || !consumer.tag().equals(tag)) {
            return false;
        }
        table.unregister(key, consumer);
        connection.outbox().drainAll();
        close();
        return true;
    }

    /** The channel is closing: replies to its key are unroutable from now on. */
    void close() {
        if (consumer != null) {
            table.unregister(key, consumer);
            consumer.cancel();
            consumer = null;
            key = null;
        }
    }

    /** Whether a reply taken from the outbox is still for the current reply consumer. */
    boolean accepts(Delivery reply) {
        return reply.consumer == consumer && !reply.consumer.isCancelled();
    }

    /**
     * The properties of a publish from this channel, with a {@code reply_to} of {@value DirectReplyTo#QUEUE}
     * rewritten to this channel's reply name; the same buffer when there is nothing to rewrite.
     *
     * @throws AmqpError 406 {@code fast reply consumer does not exist} when this channel has no reply consumer
     */
    ByteBuf rewriteReplyTo(ByteBuf properties) {
        String replyTo = BasicProperties.peekReplyTo(properties);
        if (replyTo == null || !replyTo.equals(DirectReplyTo.QUEUE)) {
            return properties;
        }
        if (consumer == null) {
            throw AmqpError.preconditionFailed("fast reply consumer does not exist");
        }
        BasicProperties rewritten = BasicProperties.decode(properties.duplicate())
                .withReplyTo(DirectReplyTo.PREFIX + key);
        ByteBuf out = Unpooled.buffer(properties.readableBytes() + DirectReplyTo.PREFIX.length() + 24);
        rewritten.encode(out);
        return out;
    }
}
