package dev.spool.it.durability;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Everything a queue held, in delivery order, read with one consumer and acknowledged (the acks settled by a round
 * trip before this returns, so that none of these messages can come back).
 *
 * @param ids         message ids in delivery order
 * @param redelivered their redelivered flags
 */
record Drained(List<Long> ids, List<Boolean> redelivered) {
    private static final int PREFETCH = 1000;
    private static final int ACK_EVERY = 500;

    static Drained from(ConnectionFactory factory, String queue) throws Exception {
        List<Long> ids = new ArrayList<>();
        List<Boolean> redelivered = new ArrayList<>();
        try (Connection connection = factory.newConnection("drain")) {
            Channel channel = connection.createChannel();
            int count = channel.queueDeclarePassive(queue).getMessageCount();
            channel.basicQos(PREFETCH);
            BlockingQueue<Object[]> inbox = new LinkedBlockingQueue<>();
            channel.basicConsume(queue, false, (tag, delivery) -> inbox.add(new Object[] {
                delivery.getEnvelope().getDeliveryTag(), ConfirmedPublisher.id(delivery.getBody()),
                delivery.getEnvelope().isRedeliver()}), tag -> { });
            long lastTag = 0;
            while (ids.size() < count) {
                Object[] next = inbox.poll(30, TimeUnit.SECONDS);
                if (next == null) {
                    throw new AssertionError("queue '" + queue + "' reported " + count + " messages, got only "
                            + ids.size());
                }
                lastTag = (Long) next[0];
                ids.add((Long) next[1]);
                redelivered.add((Boolean) next[2]);
                if (ids.size() % ACK_EVERY == 0) {
                    channel.basicAck(lastTag, true);
                }
            }
            if (lastTag != 0 && ids.size() % ACK_EVERY != 0) { // a multiple of ACK_EVERY was acked in the loop
                channel.basicAck(lastTag, true);
            }
            int left = channel.queueDeclarePassive(queue).getMessageCount(); // settles the acks
            if (left != 0 || !inbox.isEmpty()) {
                throw new AssertionError("queue '" + queue + "' still holds " + left + " messages after draining "
                        + count);
            }
        }
        return new Drained(ids, redelivered);
    }
}
