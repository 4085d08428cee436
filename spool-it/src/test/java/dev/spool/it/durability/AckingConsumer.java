package dev.spool.it.durability;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Consumes one queue with manual acks while publishers run, acking every message it gets, and now and then makes a
 * synchronous round trip on the same channel: the broker handles a channel's frames in order, so once the reply is
 * back every ack sent before it was processed. Those acks are <em>settled</em>, and their messages must never come
 * back after a crash; an ack sent but not yet settled may be lost with the broker, and its message may come back,
 * flagged redelivered (at-least-once).
 *
 * <p>{@link #run()} on its own thread, which acks; the broker's deliveries arrive on the client's consumer thread.
 */
final class AckingConsumer implements Runnable {
    private static final int PREFETCH = 100;
    private static final int ACKS_PER_ROUND_TRIP = 50;

    /** Ids delivered to this consumer (so they must come back, if at all, flagged redelivered). */
    final NavigableSet<Long> delivered = new ConcurrentSkipListSet<>();
    /** Ids whose ack was sent. */
    final NavigableSet<Long> acked = new ConcurrentSkipListSet<>();
    /** Ids whose ack the broker is known to have processed. */
    final NavigableSet<Long> settled = new ConcurrentSkipListSet<>();
    private final ConnectionFactory factory;
    private final String queue;
    private final BlockingQueue<long[]> inbox = new LinkedBlockingQueue<>();
    private volatile boolean stopped;
    private volatile Throwable unexpected;

    AckingConsumer(ConnectionFactory factory, String queue) {
        this.factory = factory;
        this.queue = queue;
    }

    void stop() {
        stopped = true;
    }

    Throwable unexpected() {
        return unexpected;
    }

    @Override
    public void run() {
        try (Connection connection = factory.newConnection("acking-consumer")) {
            Channel channel = connection.createChannel();
            channel.basicQos(PREFETCH);
            channel.basicConsume(queue, false, (tag, delivery) -> inbox.add(new long[] {
                delivery.getEnvelope().getDeliveryTag(), ConfirmedPublisher.id(delivery.getBody())}), tag -> { });
            List<Long> unsettled = new ArrayList<>();
            while (!stopped && connection.isOpen()) {
                long[] next = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (next == null) {
                    continue;
                }
                delivered.add(next[1]);
                channel.basicAck(next[0], false);
                acked.add(next[1]);
                unsettled.add(next[1]);
                if (unsettled.size() == ACKS_PER_ROUND_TRIP) {
                    channel.queueDeclarePassive(queue);
                    settled.addAll(unsettled);
                    unsettled.clear();
                }
            }
        } catch (Exception e) {
            if (!stopped && !ConfirmedPublisher.isConnectionLoss(e)) {
                unexpected = e;
            }
        }
    }
}
