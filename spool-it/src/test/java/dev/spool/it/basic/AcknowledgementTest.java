package dev.spool.it.basic;

import static dev.spool.it.support.ProtocolErrors.assertConnectionError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import dev.spool.engine.queue.Queue;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Settling deliveries: ack (single and multiple), nack, reject with and without requeue, and recover. */
class AcknowledgementTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    @Test
    void ackMultipleSettlesEveryDeliveryUpToTheTag() throws Exception {
        Channel channel = broker.newChannel();
        String queue = publishNumbered(channel, 5);
        List<Delivery> deliveries = consumeUnacked(channel, queue, 5);

        channel.basicAck(deliveries.get(2).getEnvelope().getDeliveryTag(), true);

        Queue engineQueue = broker.existingQueue(queue);
        await().atMost(Duration.ofSeconds(5)).until(() -> engineQueue.unackedCount() == 2);
        assertThat(engineQueue.messageCount()).isZero();
    }

    @Test
    void ackOfTagZeroWithMultipleSettlesEverything() throws Exception {
        Channel channel = broker.newChannel();
        String queue = publishNumbered(channel, 4);
        consumeUnacked(channel, queue, 4);

        channel.basicAck(0, true);

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.existingQueue(queue).unackedCount() == 0);
    }

    @Test
    void nackMultipleWithRequeueReturnsThemRedeliveredInOriginalOrder() throws Exception {
        Channel channel = broker.newChannel();
        String queue = publishNumbered(channel, 5);
        List<GetResponse> got = getUnacked(channel, queue, 5);

        channel.basicNack(got.get(2).getEnvelope().getDeliveryTag(), true, true);

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(3);
        assertThat(broker.existingQueue(queue).unackedCount()).isEqualTo(2);
        for (int i = 0; i < 3; i++) {
            GetResponse again = channel.basicGet(queue, true);
            assertThat(again.getEnvelope().isRedeliver()).isTrue();
            assertThat(body(again)).isEqualTo("m" + i);
        }
    }

    @Test
    void nackWithoutRequeueDropsTheMessages() throws Exception {
        Channel channel = broker.newChannel();
        String queue = publishNumbered(channel, 3);
        List<GetResponse> got = getUnacked(channel, queue, 3);

        channel.basicNack(got.get(1).getEnvelope().getDeliveryTag(), true, false);

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isZero();
        assertThat(broker.existingQueue(queue).unackedCount()).isEqualTo(1);
    }

    @Test
    void rejectWithRequeuePutsTheMessageBackAtItsOriginalPositionMarkedRedelivered() throws Exception {
        Channel channel = broker.newChannel();
        String queue = publishNumbered(channel, 3);
        GetResponse first = channel.basicGet(queue, false);

        channel.basicReject(first.getEnvelope().getDeliveryTag(), true);

        GetResponse again = channel.basicGet(queue, true);
        assertThat(body(again)).isEqualTo("m0");
        assertThat(again.getEnvelope().isRedeliver()).isTrue();
        assertThat(again.getMessageCount()).isEqualTo(2);
        GetResponse next = channel.basicGet(queue, true);
        assertThat(body(next)).isEqualTo("m1");
        assertThat(next.getEnvelope().isRedeliver()).isFalse();
    }

    @Test
    void rejectWithRequeueGoesBackToTheConsumerRedelivered() throws Exception {
        Channel channel = broker.newChannel();
        String queue = publishNumbered(channel, 1);
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        Delivery first = consumer.awaitDeliveries(1).get(0);

        channel.basicReject(first.getEnvelope().getDeliveryTag(), true);

        Delivery second = consumer.awaitDeliveries(2).get(1);
        assertThat(second.getEnvelope().isRedeliver()).isTrue();
        assertThat(second.getEnvelope().getDeliveryTag()).isGreaterThan(first.getEnvelope().getDeliveryTag());
        assertThat(second.getBody()).isEqualTo(first.getBody());
    }

    @Test
    void rejectWithoutRequeueRemovesTheMessage() throws Exception {
        Channel channel = broker.newChannel();
        String queue = publishNumbered(channel, 1);
        GetResponse got = channel.basicGet(queue, false);

        channel.basicReject(got.getEnvelope().getDeliveryTag(), false);

        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isZero();
        assertThat(broker.existingQueue(queue).unackedCount()).isZero();
        assertThat(channel.basicGet(queue, true)).isNull();
    }

    @Test
    void recoverRedeliversEveryUnackedMessageMarkedRedelivered() throws Exception {
        Channel channel = broker.newChannel();
        String queue = publishNumbered(channel, 3);
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        consumer.awaitDeliveries(3);

        channel.basicRecover(true);

        List<Delivery> all = consumer.awaitDeliveries(6);
        assertThat(all.subList(3, 6)).allMatch(d -> d.getEnvelope().isRedeliver());
        assertThat(consumer.bodies().subList(3, 6)).containsExactly("m0", "m1", "m2");
        channel.basicAck(all.get(5).getEnvelope().getDeliveryTag(), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.existingQueue(queue).unackedCount() == 0);
    }

    /** RabbitMQ implements only requeue=true: recover with requeue=false is 540 NOT_IMPLEMENTED. */
    @Test
    void recoverWithoutRequeueClosesConnectionWith540() {
        Channel channel = broker.newChannel();

        assertConnectionError(() -> channel.basicRecover(false), 540, 60, 110);
    }

    @Test
    void autoAckConsumerLeavesNothingUnacked() throws Exception {
        Channel channel = broker.newChannel();
        String queue = publishNumbered(channel, 10);
        RecordingConsumer consumer = new RecordingConsumer(channel);

        channel.basicConsume(queue, true, consumer);

        consumer.awaitDeliveries(10);
        Queue engineQueue = broker.existingQueue(queue);
        assertThat(engineQueue.unackedCount()).isZero();
        assertThat(engineQueue.messageCount()).isZero();
        assertThat(consumer.deliveries()).noneMatch(d -> d.getEnvelope().isRedeliver());
    }

    private static String publishNumbered(Channel channel, int count) throws Exception {
        String queue = channel.queueDeclare().getQueue();
        for (int i = 0; i < count; i++) {
            channel.basicPublish("", queue, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        channel.queueDeclarePassive(queue);
        return queue;
    }

    private static List<Delivery> consumeUnacked(Channel channel, String queue, int count) throws Exception {
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        return consumer.awaitDeliveries(count);
    }

    private static List<GetResponse> getUnacked(Channel channel, String queue, int count) throws Exception {
        List<GetResponse> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            got.add(channel.basicGet(queue, false));
        }
        return got;
    }

    private static String body(GetResponse response) {
        assertThat(response).isNotNull();
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }
}
