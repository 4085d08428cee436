package dev.spool.it.basic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.spool.engine.queue.Queue;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PerfTest's shape in a few seconds, without a relay: two publishers with confirms and two consumers with prefetch
 * 200 on one queue, one consumer acking every delivery and the other acking with multiple every few deliveries. Once
 * every message was delivered and acked and the connections are gone, the queue must be empty: no ack lost between
 * the channel's unacked deliveries and the queue, none requeued when the channels close.
 */
class AckAccountingUnderLoadTest {
    private static final int PER_PUBLISHER = 10_000;
    private static final int CONFIRM_WINDOW = 100;
    private static final int PREFETCH = 200;

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void queueIsEmptyAfterEveryMessageWasAckedSinglyOrWithMultipleAndConnectionsClosed() throws Exception {
        String queueName = broker.uniqueName("ack-accounting");
        broker.newChannel().queueDeclare(queueName, false, false, false, null);
        AtomicLong delivered = new AtomicLong();
        Connection single = broker.newConnection();
        Connection batched = broker.newConnection();
        AckingConsumer singleAcks = consume(single, queueName, 1, delivered);
        AckingConsumer multipleAcks = consume(batched, queueName, 7, delivered);

        ExecutorService publishers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                done.add(publishers.submit(publish(queueName)));
            }
            for (Future<Void> publisher : done) {
                publisher.get(45, TimeUnit.SECONDS);
            }
        } finally {
            publishers.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered.get() == 2L * PER_PUBLISHER);
        singleAcks.channel.basicAck(0, true);
        multipleAcks.channel.basicAck(0, true); // what the multiple acks left outstanding
        single.close();
        batched.close();

        Queue queue = broker.existingQueue(queueName);
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.consumerCount() == 0 && queue.unackedCount() == 0);
        assertThat(queue.messageCount()).as("ready after everything was acked").isZero();
        assertThat(delivered.get()).isEqualTo(2L * PER_PUBLISHER);
    }

    private static Callable<Void> publish(String queueName) {
        return () -> {
            Channel channel = broker.newChannel();
            channel.confirmSelect();
            byte[] body = new byte[12];
            for (int i = 1; i <= PER_PUBLISHER; i++) {
                channel.basicPublish("", queueName, null, body);
                if (i % CONFIRM_WINDOW == 0) {
                    channel.waitForConfirmsOrDie(10_000);
                }
            }
            channel.waitForConfirmsOrDie(10_000);
            return null;
        };
    }

    private static AckingConsumer consume(Connection connection, String queueName, int multipleEvery,
                                          AtomicLong delivered) throws IOException {
        Channel channel = RunningBroker.openChannel(connection);
        channel.basicQos(PREFETCH);
        AckingConsumer consumer = new AckingConsumer(channel, multipleEvery, delivered);
        channel.basicConsume(queueName, false, consumer);
        return consumer;
    }

    /** Acks every delivery (multipleEvery 1), or every n-th with multiple=true. */
    private static final class AckingConsumer extends DefaultConsumer {
        final Channel channel;
        private final int multipleEvery;
        private final AtomicLong delivered;

        AckingConsumer(Channel channel, int multipleEvery, AtomicLong delivered) {
            super(channel);
            this.channel = channel;
            this.multipleEvery = multipleEvery;
            this.delivered = delivered;
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                   byte[] body) throws IOException {
            long tag = envelope.getDeliveryTag();
            if (multipleEvery == 1) {
                channel.basicAck(tag, false);
            } else if (tag % multipleEvery == 0) {
                channel.basicAck(tag, true);
            }
            delivered.incrementAndGet();
        }
    }
}
