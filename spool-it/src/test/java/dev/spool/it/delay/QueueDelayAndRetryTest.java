package dev.spool.it.delay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.spool.engine.ManualTime;
import dev.spool.engine.queue.ClassicQueue;
import dev.spool.it.support.RunningBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Per-queue {@code x-delay} and retry with back-off ({@code x-retry-delays}) on a clock the test moves: waiting
 * messages are in the queue but not ready, and a rejected message comes back after each delay of the list, within
 * its jitter, flagged redelivered, until the list runs out.
 */
class QueueDelayAndRetryTest {
    private static final ManualTime time = new ManualTime();

    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withTime(time);

    @Test
    void eachMessageOfADelayQueueWaitsThatLongAfterItIsEnqueued() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("cool-down");
        channel.queueDeclare(queue, true, false, false, Map.of("x-delay", 5_000));
        channel.confirmSelect();

        publish(channel, queue, "first", true);
        time.advance(2_000);
        publish(channel, queue, "second", false);

        assertThat(channel.messageCount(queue)).isZero();
        assertThat(waitingIn(queue)).isEqualTo(2);
        time.advance(2_999);
        assertThat(channel.basicGet(queue, true)).isNull();
        time.advance(1);
        assertThat(body(channel.basicGet(queue, true))).isEqualTo("first");
        assertThat(channel.basicGet(queue, true)).isNull();
        time.advance(2_000);
        GetResponse second = channel.basicGet(queue, true);
        assertThat(body(second)).isEqualTo("second");
        assertThat(second.getEnvelope().isRedeliver()).isFalse();
        assertThat(waitingIn(queue)).isZero();
    }

    @Test
    void aConsumerGetsADelayedMessageWhenItBecomesReady() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("delayed-consume");
        channel.queueDeclare(queue, false, false, false, Map.of("x-delay", 1_000));
        channel.confirmSelect();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        channel.basicConsume(queue, true, (tag, d) -> received.add(new String(d.getBody(), StandardCharsets.UTF_8)),
                tag -> { });

        publish(channel, queue, "later", false);
        assertThat(received.poll(100, TimeUnit.MILLISECONDS)).isNull();
        time.advance(1_000);

        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("later");
    }

    @Test
    void purgeDropsWaitingMessagesToo() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("purged");
        channel.queueDeclare(queue, true, false, false, Map.of("x-delay", 1_000));
        channel.confirmSelect();
        publish(channel, queue, "a", true);
        publish(channel, queue, "b", false);

        assertThat(channel.queuePurge(queue).getMessageCount()).isEqualTo(2);
        time.advance(1_000);

        assertThat(channel.messageCount(queue)).isZero();
    }

    @Test
    void aRejectedMessageComesBackAfterEachRetryDelayWithinItsJitterThenIsDropped() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("emails");
        channel.queueDeclare(queue, true, false, false, Map.of("x-retry-delays", List.of(1_000, 5_000, 30_000)));
        channel.confirmSelect();
        publish(channel, queue, "send me", true);

        GetResponse first = channel.basicGet(queue, false);
        assertThat(first.getEnvelope().isRedeliver()).isFalse();
        long[] delays = {1_000, 5_000, 30_000};
        for (int retry = 0; retry < delays.length; retry++) {
            channel.basicReject(lastTag(channel, queue, retry == 0 ? first : null), false);
            await().until(() -> waitingIn(queue) == 1);
            long earliest = delays[retry] * 9 / 10;
            long latest = delays[retry] * 11 / 10;
            time.advance(earliest - 1);
            assertThat(channel.basicGet(queue, false)).as("before retry %d's earliest time", retry).isNull();
            time.advance(latest - earliest + 1);
            GetResponse again = channel.basicGet(queue, false);
            assertThat(again).as("retry %d by its latest time", retry).isNotNull();
            assertThat(body(again)).isEqualTo("send me");
            assertThat(again.getEnvelope().isRedeliver()).isTrue();
            assertThat(again.getProps().getHeaders().get("x-retry-count")).isEqualTo(retry + 1);
            lastGet = again;
        }

        channel.basicReject(lastGet.getEnvelope().getDeliveryTag(), false);
        await().until(() -> broker.existingQueue(queue).unackedCount() == 0);
        time.advance(60_000);
        assertThat(channel.basicGet(queue, true)).isNull();
        assertThat(waitingIn(queue)).isZero();
    }

    @Test
    void aNackWithRequeueIsImmediateAndARejectWithoutRetryDelaysIsFinal() throws Exception {
        Channel channel = broker.newChannel();
        String retrying = broker.uniqueName("retrying");
        String plain = broker.uniqueName("plain");
        channel.queueDeclare(retrying, false, false, false, Map.of("x-retry-delays", List.of(1_000)));
        channel.queueDeclare(plain, false, false, false, null);
        channel.confirmSelect();
        publish(channel, retrying, "r", false);
        publish(channel, plain, "p", false);

        channel.basicNack(channel.basicGet(retrying, false).getEnvelope().getDeliveryTag(), false, true);
        assertThat(body(channel.basicGet(retrying, true))).isEqualTo("r");
        channel.basicReject(channel.basicGet(plain, false).getEnvelope().getDeliveryTag(), false);
        time.advance(10_000);
        assertThat(channel.basicGet(plain, true)).isNull();
    }

    private GetResponse lastGet;

    private long lastTag(Channel channel, String queue, GetResponse first) {
        return (first != null ? first : lastGet).getEnvelope().getDeliveryTag();
    }

    private static int waitingIn(String queue) {
        return ((ClassicQueue) broker.existingQueue(queue)).waitingCount();
    }

    private static void publish(Channel channel, String queue, String body, boolean persistent) throws Exception {
        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().deliveryMode(persistent ? 2 : 1).build(),
                body.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000); // received before the test moves the clock
    }

    private static String body(GetResponse response) {
        assertThat(response).isNotNull();
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }
}
