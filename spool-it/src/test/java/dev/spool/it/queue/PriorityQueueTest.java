package dev.spool.it.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Priority queues ({@code x-max-priority}) through RabbitMQ's Java client, on a broker that keeps no message body in
 * memory (a zero memory budget), so every delivery reads its message back from the log: strict priority, clamping to
 * the maximum, queue order within a priority, requeue to the original place, basic.get and message counts.
 */
class PriorityQueueTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.with(config -> config.withQueueMemoryBudget(0));

    private static AMQP.BasicProperties priority(Integer priority, boolean persistent) {
        return new AMQP.BasicProperties.Builder().priority(priority).deliveryMode(persistent ? 2 : 1).build();
    }

    private String declare(Channel channel, int maxPriority) throws Exception {
        String queue = broker.uniqueName("priority");
        channel.queueDeclare(queue, true, false, false, Map.of("x-max-priority", maxPriority));
        return queue;
    }

    private static void publish(Channel channel, String queue, String body, Integer priority) throws Exception {
        channel.basicPublish("", queue, priority(priority, true), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(Delivery delivery) {
        return new String(delivery.getBody(), StandardCharsets.UTF_8);
    }

    @Test
    void messagesPublishedBeforeConsumingDrainByPriorityThenQueueOrder() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, 10);
        Random random = new Random(42);
        record Sent(String body, int priority, int order) {
        }
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int p = random.nextInt(12) - 1; // -1: no priority property
            String body = "m" + i;
            channel.basicPublish("", queue, priority(p < 0 ? null : p, i % 2 == 0),
                    body.getBytes(StandardCharsets.UTF_8));
            sent.add(new Sent(body, Math.max(0, Math.min(p, 10)), i));
        }
        channel.confirmSelect();
        channel.waitForConfirmsOrDie(5_000);
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(200);

        List<String> expected = sent.stream()
                .sorted(Comparator.comparingInt(Sent::priority).reversed().thenComparingInt(Sent::order))
                .map(Sent::body).toList();
        Channel consumerChannel = broker.newChannel();
        consumerChannel.basicQos(7);
        List<String> received = new CopyOnWriteArrayList<>();
        consumerChannel.basicConsume(queue, false, (tag, delivery) -> {
            received.add(body(delivery));
            consumerChannel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        }, tag -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 200);
        assertThat(received).containsExactlyElementsOf(expected);
    }

    @Test
    void prioritiesAboveTheMaximumCountAsTheMaximum() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, 5);
        publish(channel, queue, "p3", 3);
        publish(channel, queue, "p9", 9);
        publish(channel, queue, "p5", 5);
        publish(channel, queue, "p255", 255);
        publish(channel, queue, "none", null);

        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, true, consumer);
        consumer.awaitDeliveries(5);
        assertThat(consumer.bodies()).containsExactly("p9", "p5", "p255", "p3", "none");
    }

    @Test
    void requeuedMessagesGoBackToTheirPlaceWithinTheirPriority() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, 10);
        publish(channel, queue, "a", 5);
        publish(channel, queue, "b", 5);
        publish(channel, queue, "c", 5);
        publish(channel, queue, "low", 1);
        GetResponse a = channel.basicGet(queue, false);
        GetResponse b = channel.basicGet(queue, false);
        assertThat(List.of(new String(a.getBody()), new String(b.getBody()))).containsExactly("a", "b");
        publish(channel, queue, "high", 8);
        channel.basicNack(b.getEnvelope().getDeliveryTag(), false, true);
        channel.basicNack(a.getEnvelope().getDeliveryTag(), false, true);

        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, true, consumer);
        List<Delivery> deliveries = consumer.awaitDeliveries(5);
        assertThat(deliveries).extracting(PriorityQueueTest::body).containsExactly("high", "a", "b", "c", "low");
        assertThat(deliveries).extracting(d -> d.getEnvelope().isRedeliver())
                .containsExactly(false, true, true, false, false);
    }

    @Test
    void basicGetTakesTheHighestPriorityFirstAndCountsWhatIsLeft() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, 3);
        publish(channel, queue, "one", 1);
        publish(channel, queue, "zero", 0);
        publish(channel, queue, "three", 3);
        publish(channel, queue, "two", 2);

        List<String> got = new ArrayList<>();
        List<Integer> left = new ArrayList<>();
        GetResponse response;
        while ((response = channel.basicGet(queue, true)) != null) {
            got.add(new String(response.getBody(), StandardCharsets.UTF_8));
            left.add(response.getMessageCount());
        }
        assertThat(got).containsExactly("three", "two", "one", "zero");
        assertThat(left).containsExactly(3, 2, 1, 0);
    }

    @Test
    void purgeEmptiesEveryPriority() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, 10);
        for (int p = 0; p <= 10; p++) {
            publish(channel, queue, "p" + p, p);
        }
        assertThat(channel.queuePurge(queue).getMessageCount()).isEqualTo(11);
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isZero();
        publish(channel, queue, "after", 4);
        assertThat(new String(channel.basicGet(queue, true).getBody(), StandardCharsets.UTF_8)).isEqualTo("after");
    }

    @Test
    void aQueueWithoutMaxPriorityKeepsPublishOrder() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("plain");
        channel.queueDeclare(queue, true, false, false, null);
        publish(channel, queue, "low", 1);
        publish(channel, queue, "high", 9);
        assertThat(new String(channel.basicGet(queue, true).getBody(), StandardCharsets.UTF_8)).isEqualTo("low");
    }
}
