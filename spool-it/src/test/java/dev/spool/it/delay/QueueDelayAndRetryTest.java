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
 * its jitter, flagged redelivered, until the list runs out: then it is dropped, or dead-lettered with reason
 * {@code rejected} when the queue has a dead letter exchange.
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
    void aRejectedMessageComesBackAfterEachRetryDelayWithinItsJitterThenIsDroppedWithoutADeadLetterExchange()
            throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("emails");
        channel.queueDeclare(queue, true, false, false, Map.of("x-retry-delays", List.of(1_000, 5_000, 30_000)));
        channel.confirmSelect();
        publish(channel, queue, "send me", true);

        GetResponse last = rejectThroughEveryRetry(channel, queue, new long[] {1_000, 5_000, 30_000});

        channel.basicReject(last.getEnvelope().getDeliveryTag(), false);
        await().until(() -> broker.existingQueue(queue).unackedCount() == 0);
        time.advance(60_000);
        assertThat(channel.basicGet(queue, true)).isNull();
        assertThat(waitingIn(queue)).isZero();
    }

    @Test
    void aMessageWhoseRetriesRanOutIsDeadLetteredAsRejected() throws Exception {
        Channel channel = broker.newChannel();
        String queue = broker.uniqueName("jobs");
        String dead = broker.uniqueName("jobs-dead");
        channel.queueDeclare(dead, true, false, false, null);
        channel.queueDeclare(queue, true, false, false, Map.of("x-retry-delays", List.of(1_000, 2_000),
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", dead));
        channel.confirmSelect();
        publish(channel, queue, "fail me", true);

        GetResponse last = rejectThroughEveryRetry(channel, queue, new long[] {1_000, 2_000});
        assertThat(channel.messageCount(dead)).as("not dead-lettered while retries are left").isZero();

        channel.basicReject(last.getEnvelope().getDeliveryTag(), false);
        await().until(() -> channel.messageCount(dead) == 1);
        assertThat(channel.basicGet(queue, true)).isNull();
        assertThat(waitingIn(queue)).isZero();
        GetResponse deadLetter = channel.basicGet(dead, true);
        assertThat(body(deadLetter)).isEqualTo("fail me");
        Map<String, Object> headers = deadLetter.getProps().getHeaders();
        assertThat(headers.get("x-retry-count")).isEqualTo(2);
        assertThat(String.valueOf(headers.get("x-first-death-reason"))).isEqualTo("rejected");
        assertThat(String.valueOf(headers.get("x-first-death-queue"))).isEqualTo(queue);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deaths = (List<Map<String, Object>>) headers.get("x-death");
        assertThat(deaths).hasSize(1);
        assertThat(String.valueOf(deaths.get(0).get("reason"))).isEqualTo("rejected");
        assertThat(deaths.get(0).get("count")).isEqualTo(1L);
    }

    /**
     * Gets the queue's one message and rejects it without requeue once per delay: it comes back after each delay,
     * within its jitter, flagged redelivered and with its retry count. Returns the last delivery, unsettled.
     */
    private GetResponse rejectThroughEveryRetry(Channel channel, String queue, long[] delays) throws Exception {
        GetResponse last = channel.basicGet(queue, false);
        assertThat(last.getEnvelope().isRedeliver()).isFalse();
        String expected = body(last);
        for (int retry = 0; retry < delays.length; retry++) {
            channel.basicReject(last.getEnvelope().getDeliveryTag(), false);
            await().until(() -> waitingIn(queue) == 1);
            long earliest = delays[retry] * 9 / 10;
            long latest = delays[retry] * 11 / 10;
            time.advance(earliest - 1);
            assertThat(channel.basicGet(queue, false)).as("before retry %d's earliest time", retry).isNull();
            time.advance(latest - earliest + 1);
            GetResponse again = channel.basicGet(queue, false);
            assertThat(again).as("retry %d by its latest time", retry).isNotNull();
            assertThat(body(again)).isEqualTo(expected);
            assertThat(again.getEnvelope().isRedeliver()).isTrue();
            assertThat(again.getProps().getHeaders().get("x-retry-count")).isEqualTo(retry + 1);
            last = again;
        }
        return last;
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
