package dev.spool.it.basic;

import static dev.spool.it.support.ProtocolErrors.assertConnectionError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * basic.qos as RabbitMQ reads it: global=false is a prefetch for each consumer started afterwards on the channel,
 * global=true one shared by all the channel's consumers; both can apply at once.
 *
 * <p>A queue hands a message to a consumer with credit as soon as it is published, so after a synchronous call that
 * follows the publishes, the ready count shows how many the prefetch held back.
 */
class QosTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void perConsumerPrefetchLimitsEachConsumerOnTheChannel() throws Exception {
        Channel channel = broker.newChannel();
        channel.basicQos(2, false);
        String first = channel.queueDeclare().getQueue();
        String second = channel.queueDeclare().getQueue();
        RecordingConsumer a = consume(channel, first);
        RecordingConsumer b = consume(channel, second);

        publish(channel, first, 10);
        publish(channel, second, 10);

        assertThat(ready(channel, first)).isEqualTo(8);
        assertThat(ready(channel, second)).isEqualTo(8);
        a.awaitDeliveries(2);
        b.awaitDeliveries(2);
        assertThat(a.count() + b.count()).isEqualTo(4);
    }

    @Test
    void globalPrefetchIsSharedByAllConsumersOnTheChannel() throws Exception {
        Channel channel = broker.newChannel();
        channel.basicQos(3, true);
        String first = channel.queueDeclare().getQueue();
        String second = channel.queueDeclare().getQueue();
        RecordingConsumer a = consume(channel, first);
        RecordingConsumer b = consume(channel, second);

        publish(channel, first, 10);
        publish(channel, second, 10);

        assertThat(ready(channel, first) + ready(channel, second)).isEqualTo(17);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.count() + b.count() == 3);
        assertThat(a.count()).isEqualTo(3);
    }

    @Test
    void perConsumerAndGlobalPrefetchApplyTogether() throws Exception {
        Channel channel = broker.newChannel();
        channel.basicQos(3, true);
        channel.basicQos(2, false);
        String first = channel.queueDeclare().getQueue();
        String second = channel.queueDeclare().getQueue();
        RecordingConsumer a = consume(channel, first);
        RecordingConsumer b = consume(channel, second);

        publish(channel, first, 10);
        publish(channel, second, 10);

        assertThat(ready(channel, first)).as("limited by its own prefetch of 2").isEqualTo(8);
        assertThat(ready(channel, second)).as("limited by what is left of the channel's 3").isEqualTo(9);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.count() == 2 && b.count() == 1);
    }

    @Test
    void perConsumerPrefetchAppliesOnlyToConsumersStartedAfterIt() throws Exception {
        Channel channel = broker.newChannel();
        String first = channel.queueDeclare().getQueue();
        String second = channel.queueDeclare().getQueue();
        RecordingConsumer unlimited = consume(channel, first);
        channel.basicQos(1, false);
        RecordingConsumer limited = consume(channel, second);

        publish(channel, first, 5);
        publish(channel, second, 5);

        assertThat(ready(channel, first)).isZero();
        assertThat(ready(channel, second)).isEqualTo(4);
        unlimited.awaitDeliveries(5);
        limited.awaitDeliveries(1);
    }

    @Test
    void ackingReturnsCreditAndTheNextMessageFollows() throws Exception {
        Channel channel = broker.newChannel();
        channel.basicQos(1);
        String queue = channel.queueDeclare().getQueue();
        publish(channel, queue, 3);
        RecordingConsumer consumer = consume(channel, queue);

        for (int i = 1; i <= 3; i++) {
            long tag = consumer.awaitDeliveries(i).get(i - 1).getEnvelope().getDeliveryTag();
            assertThat(consumer.count()).isEqualTo(i);
            channel.basicAck(tag, false);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.existingQueue(queue).unackedCount() == 0);
        assertThat(consumer.count()).isEqualTo(3);
    }

    /**
     * Two consumers with prefetch 1, one of them slow: the fast one takes most messages, and every message is
     * consumed exactly once. Without the prefetch the broker would split them evenly.
     */
    @Test
    void competingConsumersWithPrefetchOneShareByPaceNotByTurn() throws Exception {
        int messages = 200;
        String queue = broker.newChannel().queueDeclare(broker.uniqueName("fair"), false, false, false, null)
                .getQueue();
        Map<Integer, Integer> seen = new ConcurrentHashMap<>();
        AtomicInteger fast = new AtomicInteger();
        AtomicInteger slow = new AtomicInteger();
        startAckingConsumer(queue, Duration.ZERO, fast, seen);
        startAckingConsumer(queue, Duration.ofMillis(20), slow, seen);
        Channel publisher = broker.newChannel();

        for (int i = 0; i < messages; i++) {
            publisher.basicPublish("", queue, null, ByteBuffer.allocate(4).putInt(i).array());
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> fast.get() + slow.get() == messages);
        assertThat(seen).hasSize(messages).allSatisfy((id, times) -> assertThat(times).as("message %d", id)
                .isEqualTo(1));
        assertThat(slow.get()).as("messages taken by the slow consumer").isLessThan(messages / 4);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.existingQueue(queue).unackedCount() == 0);
    }

    /** RabbitMQ supports prefetch by count only: a prefetch size is 540 NOT_IMPLEMENTED. */
    @Test
    void prefetchSizeClosesConnectionWith540() {
        Channel channel = broker.newChannel();

        assertConnectionError(() -> channel.basicQos(4096, 10, false), 540, 60, 10);
    }

    private void startAckingConsumer(String queue, Duration workPerMessage, AtomicInteger count,
            Map<Integer, Integer> seen) throws IOException {
        Channel channel = broker.newChannel();
        channel.basicQos(1);
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                seen.merge(ByteBuffer.wrap(body).getInt(), 1, Integer::sum);
                simulateWork(workPerMessage);
                count.incrementAndGet();
                channel.basicAck(envelope.getDeliveryTag(), false);
            }
        });
    }

    private static void simulateWork(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis()); // the consumer's own processing time, not a wait for the broker
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RecordingConsumer consume(Channel channel, String queue) throws IOException {
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        return consumer;
    }

    private static void publish(Channel channel, String queue, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            channel.basicPublish("", queue, null, new byte[] {(byte) i});
        }
    }

    private static int ready(Channel channel, String queue) throws IOException {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }
}
