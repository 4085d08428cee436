package dev.spool.it.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import dev.spool.engine.ManualTime;
import dev.spool.engine.queue.Queue;
import dev.spool.it.support.RecordingConsumer;
import dev.spool.it.support.RunningBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The consumer timeout per delivery: a delivery left unacknowledged past its queue's timeout goes back to the queue
 * (redelivered), the channel and its other deliveries untouched, a late ack of it ignored; three timeouts in a row
 * cancel the consumer. The broker runs on a test clock with a default {@code consumer_timeout} of 5 s.
 */
class ConsumerTimeoutTest {
    private static final long BROKER_DEFAULT = 5_000;
    private static final ManualTime TIME = new ManualTime();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withTime(TIME,
            config -> config.withConsumerTimeoutMillis(BROKER_DEFAULT));

    @Test
    void timedOutDeliveryIsRedeliveredWhileTheChannelKeepsItsOtherDeliveries() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, Map.of("x-consumer-timeout", 60_000));
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        publish(channel, queue, "first");
        consumer.awaitDeliveries(1);
        TIME.advance(30_000);
        publish(channel, queue, "second");
        consumer.awaitDeliveries(2);

        TIME.advance(30_001); // only the first delivery is older than 60 s

        List<Delivery> deliveries = consumer.awaitDeliveries(3);
        Delivery redelivery = deliveries.get(2);
        assertThat(body(redelivery)).isEqualTo("first");
        assertThat(redelivery.getEnvelope().isRedeliver()).isTrue();
        assertThat(channel.isOpen()).isTrue();
        channel.basicAck(deliveries.get(1).getEnvelope().getDeliveryTag(), false); // the second is still held
        channel.basicAck(redelivery.getEnvelope().getDeliveryTag(), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.existingQueue(queue).unackedCount() == 0);
        assertThat(consumer.count()).isEqualTo(3);
    }

    @Test
    void lateAckOfATimedOutDeliveryIsIgnoredAndTheChannelStaysOpen() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, Map.of("x-consumer-timeout", 1_000));
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        publish(channel, queue, "slow");
        long firstTag = consumer.awaitDeliveries(1).get(0).getEnvelope().getDeliveryTag();

        TIME.advance(1_001);
        Delivery again = consumer.awaitDeliveries(2).get(1);
        channel.basicAck(firstTag, true); // too late: ignored, not 406 unknown delivery tag

        channel.queueDeclarePassive(queue); // a round trip: the channel survived the ack
        assertThat(channel.isOpen()).isTrue();
        Queue engineQueue = broker.existingQueue(queue);
        assertThat(engineQueue.unackedCount()).isEqualTo(1);
        channel.basicAck(again.getEnvelope().getDeliveryTag(), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> engineQueue.unackedCount() == 0);
        assertThat(engineQueue.messageCount()).isZero();
    }

    @Test
    void threeTimeoutsInARowCancelTheConsumerAndKeepTheChannel() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, Map.of("x-consumer-timeout", 1_000));
        channel.basicQos(1);
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        publish(channel, queue, "poison");

        for (int timeouts = 1; timeouts <= 3; timeouts++) {
            consumer.awaitDeliveries(timeouts);
            TIME.advance(1_001);
        }

        assertThat(consumer.awaitCancelByBroker()).isTrue();
        assertThat(consumer.count()).isEqualTo(3);
        assertThat(consumer.deliveries().get(1).getEnvelope().isRedeliver()).isTrue();
        Queue engineQueue = broker.existingQueue(queue);
        await().atMost(Duration.ofSeconds(5)).until(() -> engineQueue.messageCount() == 1);
        assertThat(engineQueue.consumerCount()).isZero();
        assertThat(channel.isOpen()).isTrue();
        GetResponse taken = channel.basicGet(queue, true);
        assertThat(taken.getEnvelope().isRedeliver()).isTrue();
    }

    @Test
    void anAckBetweenTimeoutsStartsTheCountAgain() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, Map.of("x-consumer-timeout", 1_000));
        channel.basicQos(1);
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        publish(channel, queue, "a");
        publish(channel, queue, "b");

        consumer.awaitDeliveries(1);
        TIME.advance(1_001); // a times out (1)
        consumer.awaitDeliveries(2);
        TIME.advance(1_001); // a times out (2)
        Delivery third = consumer.awaitDeliveries(3).get(2);
        channel.basicAck(third.getEnvelope().getDeliveryTag(), false); // alive after all
        consumer.awaitDeliveries(4); // b
        TIME.advance(1_001); // b times out (1)
        consumer.awaitDeliveries(5);
        TIME.advance(1_001); // b times out (2)
        consumer.awaitDeliveries(6);

        channel.queueDeclarePassive(queue);
        assertThat(broker.existingQueue(queue).consumerCount()).isEqualTo(1);
    }

    @Test
    void basicGetDeliveryTimesOutToo() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, Map.of("x-consumer-timeout", 2_000));
        publish(channel, queue, "got");
        GetResponse got = channel.basicGet(queue, false);
        assertThat(got).isNotNull();

        TIME.advance(2_001);

        Queue engineQueue = broker.existingQueue(queue);
        await().atMost(Duration.ofSeconds(5)).until(() -> engineQueue.messageCount() == 1);
        channel.basicAck(got.getEnvelope().getDeliveryTag(), false); // ignored
        GetResponse again = channel.basicGet(queue, false);
        assertThat(again.getEnvelope().isRedeliver()).isTrue();
        channel.basicAck(again.getEnvelope().getDeliveryTag(), false);
    }

    @Test
    void theBrokerDefaultAppliesWhenTheQueueSetsNoTimeout() throws Exception {
        Channel channel = broker.newChannel();
        String queue = declare(channel, Map.of());
        RecordingConsumer consumer = new RecordingConsumer(channel);
        channel.basicConsume(queue, false, consumer);
        publish(channel, queue, "default");
        consumer.awaitDeliveries(1);

        TIME.advance(BROKER_DEFAULT + 1);

        assertThat(consumer.awaitDeliveries(2).get(1).getEnvelope().isRedeliver()).isTrue();
    }

    @Test
    void theQueueArgumentWinsOverTheBrokerDefaultAndZeroTurnsTheTimeoutOff() throws Exception {
        Channel channel = broker.newChannel();
        String longer = declare(channel, Map.of("x-consumer-timeout", 20_000));
        String off = declare(channel, Map.of("x-consumer-timeout", 0));
        RecordingConsumer onLonger = new RecordingConsumer(channel);
        RecordingConsumer onOff = new RecordingConsumer(channel);
        channel.basicConsume(longer, false, onLonger);
        channel.basicConsume(off, false, onOff);
        publish(channel, longer, "20 s");
        publish(channel, off, "never");
        onLonger.awaitDeliveries(1);
        onOff.awaitDeliveries(1);

        TIME.advance(BROKER_DEFAULT + 1);
        roundTrips(channel, off);
        assertThat(onLonger.count()).isEqualTo(1);
        TIME.advance(20_000);

        assertThat(onLonger.awaitDeliveries(2).get(1).getEnvelope().isRedeliver()).isTrue();
        TIME.advance(3_600_000);
        roundTrips(channel, off);
        assertThat(onOff.count()).isEqualTo(1);
        assertThat(broker.existingQueue(off).unackedCount()).isEqualTo(1);
    }

    @Test
    void aLowerPolicyValueWinsOverTheQueueArgument() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("policed-timeout");
        channel.queueDeclare(queue, false, true, false, Map.of("x-consumer-timeout", 60_000));
        String policy = "/api/policies/%2F/" + queue;
        assertThat(http("PUT", policy, "{\"pattern\":\"^" + queue + "$\",\"apply-to\":\"queues\","
                + "\"definition\":{\"consumer-timeout\":2000}}")).isBetween(200, 204);
        try {
            Queue engineQueue = broker.existingQueue(queue);
            boolean applied = true;
            try {
                await().atMost(Duration.ofSeconds(2)).until(() -> engineQueue.effectiveSettings().policy() != null);
            } catch (ConditionTimeoutException e) {
                applied = false;
            }
            assumeTrue(applied, "policies are not applied to existing queues in this build");
            assertThat(engineQueue.effectiveSettings().consumerTimeout()).isEqualTo(2_000);
            RecordingConsumer consumer = new RecordingConsumer(channel);
            channel.basicConsume(queue, false, consumer);
            publish(channel, queue, "policed");
            consumer.awaitDeliveries(1);

            TIME.advance(2_001);

            assertThat(consumer.awaitDeliveries(2).get(1).getEnvelope().isRedeliver()).isTrue();
        } finally {
            http("DELETE", policy, null);
        }
    }

    /** A management API call as guest; returns the HTTP status. */
    private static int http(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(broker.httpUrl() + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String declare(Channel channel, Map<String, Object> arguments) throws Exception {
        String queue = broker.uniqueName("timeout");
        channel.queueDeclare(queue, false, true, false, arguments); // exclusive: a cancelled consumer keeps it
        return queue;
    }

    private static void publish(Channel channel, String queue, String body) throws Exception {
        channel.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A few round trips on the channel's connection, so that work the broker's event loop had queued is done. */
    static void roundTrips(Channel channel, String queue) throws Exception {
        for (int i = 0; i < 3; i++) {
            channel.queueDeclarePassive(queue);
        }
    }

    private static String body(Delivery delivery) {
        return new String(delivery.getBody(), StandardCharsets.UTF_8);
    }
}
