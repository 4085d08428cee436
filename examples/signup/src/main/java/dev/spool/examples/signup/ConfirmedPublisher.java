package dev.spool.examples.signup;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Publishes on one channel in confirm mode and tells each caller, through a future, when the broker has taken
 * responsibility for its message: completed on {@code basic.ack}, failed on {@code basic.nack}, on a
 * {@code basic.return} (published {@code mandatory} and no queue took it) and when the channel closes first.
 *
 * <p>Threads: any thread may call {@link #publish}; publishing is serialized on this object so that a sequence
 * number and its message go out together. Acks, nacks and returns arrive on the connection's I/O thread and complete
 * the futures there, so callers must not block in a callback chained to them. A broker sends a message's
 * {@code basic.return} before its {@code basic.ack}, which is what lets a return fail the future in time.
 */
final class ConfirmedPublisher implements AutoCloseable {

    private final Channel channel;
    private final ConcurrentNavigableMap<Long, Pending> outstanding = new ConcurrentSkipListMap<>();

    ConfirmedPublisher(Connection connection) throws IOException {
        channel = connection.createChannel();
        channel.confirmSelect();
        channel.addConfirmListener((tag, multiple) -> settle(tag, multiple, true),
                (tag, multiple) -> settle(tag, multiple, false));
        channel.addReturnListener(this::returned);
        channel.addShutdownListener(this::closed);
    }

    /**
     * Publishes {@code mandatory}; the future completes once the broker confirmed the message.
     *
     * @param properties must carry a message id: it is how a {@code basic.return} finds its publish
     */
    CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties,
                                    byte[] body) {
        Pending pending = new Pending(properties.getMessageId());
        synchronized (this) {
            long sequence = channel.getNextPublishSeqNo();
            outstanding.put(sequence, pending);
            try {
                channel.basicPublish(exchange, routingKey, true, properties, body);
            } catch (IOException | RuntimeException e) {
                outstanding.remove(sequence);
                pending.confirmed.completeExceptionally(e);
            }
        }
        return pending.confirmed;
    }

    /** The channel, for declarations that should be made again after a reconnect. */
    Channel channel() {
        return channel;
    }

    private void settle(long tag, boolean multiple, boolean ack) {
        Map<Long, Pending> settled = multiple ? outstanding.headMap(tag, true) : subMapOf(tag);
        for (Iterator<Pending> it = settled.values().iterator(); it.hasNext(); ) {
            Pending pending = it.next();
            it.remove();
            if (!ack) {
                pending.confirmed.completeExceptionally(new IOException("the broker refused the message (basic.nack)"));
            } else if (pending.returnedBecause != null) {
                pending.confirmed.completeExceptionally(new IOException(pending.returnedBecause));
            } else {
                pending.confirmed.complete(null);
            }
        }
    }

    private Map<Long, Pending> subMapOf(long tag) {
        return outstanding.subMap(tag, true, tag, true);
    }

    private void returned(Return returned) {
        String messageId = returned.getProperties().getMessageId();
        for (Pending pending : outstanding.values()) {
            if (pending.messageId != null && pending.messageId.equals(messageId)) {
                pending.returnedBecause = "returned by the broker: " + returned.getReplyCode() + " "
                        + returned.getReplyText() + " (exchange '" + returned.getExchange() + "', routing key '"
                        + returned.getRoutingKey() + "')";
                return;
            }
        }
    }

    private void closed(ShutdownSignalException cause) {
        for (Iterator<Pending> it = outstanding.values().iterator(); it.hasNext(); ) {
            Pending pending = it.next();
            it.remove();
            pending.confirmed.completeExceptionally(cause);
        }
    }

    @Override
    public void close() throws Exception {
        if (channel.isOpen()) {
            channel.close();
        }
    }

    /** One message waiting for its confirm; {@code returnedBecause} is written and read on the I/O thread only. */
    private static final class Pending {
        final String messageId;
        final CompletableFuture<Void> confirmed = new CompletableFuture<>();
        String returnedBecause;

        Pending(String messageId) {
            this.messageId = messageId;
        }
    }
}
