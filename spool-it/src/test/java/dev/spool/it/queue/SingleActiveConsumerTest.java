package dev.spool.it.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Single active consumer ({@code x-single-active-consumer}) as RabbitMQ's classic queues: one consumer receives; when
 * it is cancelled or its channel goes, the next by consumer priority, then subscription order, takes over, and the
 * messages the old one left unacknowledged come first.
 */
class SingleActiveConsumerTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private String declare(Channel channel) throws Exception {
        String queue = broker.uniqueName("sac");
        channel.queueDeclare(queue, true, false, false, Map.of("x-single-active-consumer", true));
        return queue;
    }

    private static void publish(Channel channel, String queue, String... bodies) throws Exception {
        for (String body : bodies) {
            channel.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static RecordingConsumer consume(Channel channel, String queue, String tag, int priority)
            throws Exception {
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, true, tag, false, false, Map.of("x-priority", priority), consumer);
        return consumer;
    }

    @Test
    void onlyTheFirstConsumerReceivesAndTheNextTakesOverWhenItIsCancelled() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel);
        Channel firstChannel = broker.newChannel();
        RecordingConsumer first = consume(firstChannel, queue, "first", 0);
        RecordingConsumer second = consume(broker.newChannel(), queue, "second", 0);

        publish(channel, queue, "1", "2", "3", "4", "5");
        first.awaitDeliveries(5);
        assertThat(channel.queueDeclarePassive(queue).getConsumerCount()).isEqualTo(2);

        firstChannel.basicCancel("first");
        publish(channel, queue, "6", "7");
        second.awaitDeliveries(2);
        assertThat(second.bodies()).containsExactly("6", "7");
        assertThat(first.bodies()).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void whenTheActiveConsumersConnectionClosesItsUnackedMessagesGoToTheNextFirstInOrder() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel);
        Connection doomed = broker.newConnection();
        Channel doomedChannel = doomed.createChannel();
        doomedChannel.basicQos(3);
        RecordingConsumer active = new RecordingConsumer(doomedChannel);
        doomedChannel.basicConsume(queue, false, "active", active);
        Channel nextChannel = broker.newChannel();
        RecordingConsumer next = new RecordingConsumer(nextChannel);
        nextChannel.basicConsume(queue, true, "next", next);

        publish(channel, queue, "m0", "m1", "m2", "m3", "m4", "m5");
        active.awaitDeliveries(3);
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(3);
        assertThat(next.count()).isZero();

        doomed.close();
        List<Delivery> taken = next.awaitDeliveries(6);
        assertThat(next.bodies()).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
        assertThat(taken).extracting(d -> d.getEnvelope().isRedeliver())
                .containsExactly(true, true, true, false, false, false);
    }

    @Test
    void theNextActiveConsumerIsTheHighestPriorityThenTheEarliestSubscribed() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel);
        Channel firstChannel = broker.newChannel();
        Channel highChannel = broker.newChannel();
        RecordingConsumer first = consume(firstChannel, queue, "first", 0);
        RecordingConsumer low = consume(broker.newChannel(), queue, "low", 0);
        RecordingConsumer high = consume(highChannel, queue, "high", 5);
        RecordingConsumer high2 = consume(broker.newChannel(), queue, "high2", 5);

        publish(channel, queue, "a");
        first.awaitDeliveries(1); // a higher-priority consumer subscribing later does not take over

        firstChannel.basicCancel("first");
        publish(channel, queue, "b");
        high.awaitDeliveries(1);

        highChannel.close();
        publish(channel, queue, "c");
        high2.awaitDeliveries(1);

        assertThat(first.bodies()).containsExactly("a");
        assertThat(high.bodies()).containsExactly("b");
        assertThat(high2.bodies()).containsExactly("c");
        assertThat(low.count()).isZero();
    }
}
