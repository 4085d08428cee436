package dev.spool.it.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import dev.spool.engine.ManualTime;
import dev.spool.engine.queue.Queue;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A consumer timeout takes a delivery back through the queue's requeue, so it counts as a failed delivery: with
 * {@code x-delivery-limit} a consumer that never acknowledges sends the message to the dead letter exchange with reason
 * {@code delivery_limit}. On a test clock.
 */
class ConsumerTimeoutDeliveryLimitTest {
    private static final ManualTime TIME = new ManualTime();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withTime(TIME);

    @Test
    void timeoutsOfAConsumerThatNeverAcksDeadLetterTheMessageAtTheDeliveryLimit() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("timeout-limit");
        String dead = broker.uniqueName("timeout-limit-dead");
        channel.queueDeclare(dead, false, false, false, null);
        channel.queueDeclare(queue, false, false, false, Map.of("x-delivery-limit", 1, "x-consumer-timeout", 1_000,
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", dead));
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        channel.basicPublish("", queue, null, "poison".getBytes(StandardCharsets.UTF_8));
        consumer.awaitDeliveries(1);

        TIME.advance(1_001); // first timeout: requeued, delivered again (a limit of 1 allows 2 deliveries)
        assertThat(consumer.awaitDeliveries(2).get(1).getEnvelope().isRedeliver()).isTrue();
        TIME.advance(1_001); // second timeout: over the limit

        Queue engineQueue = broker.existingQueue(queue);
        Queue deadQueue = broker.existingQueue(dead);
        await().atMost(Duration.ofSeconds(5)).until(() -> deadQueue.messageCount() == 1);
        assertThat(engineQueue.messageCount()).isZero();
        assertThat(engineQueue.unackedCount()).isZero();
        assertThat(consumer.count()).isEqualTo(2);
        GetResponse deadLetter = channel.basicGet(dead, true);
        assertThat(new String(deadLetter.getBody(), StandardCharsets.UTF_8)).isEqualTo("poison");
        @SuppressWarnings("unchecked")
        Map<String, Object> death = ((List<Map<String, Object>>) deadLetter.getProps().getHeaders().get("x-death"))
                .get(0);
        assertThat(String.valueOf(death.get("reason"))).isEqualTo("delivery_limit");
        assertThat(death.get("queue") instanceof LongString name ? name.toString() : death.get("queue"))
                .isEqualTo(queue);
        assertThat(channel.isOpen()).isTrue();
    }
}
