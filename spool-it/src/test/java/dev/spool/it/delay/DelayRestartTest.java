package dev.spool.it.delay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.BrokerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Delayed messages and retry schedules survive {@code kill -9}: a broker in its own JVM (on the real clock, so the
 * delays are short) is killed while messages wait, started again on the same data directory, and the messages leave
 * when due (or at once, in due order, when their time passed while it was down).
 */
class DelayRestartTest {
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void delayedMessagesOfADurableDelayedExchangeSurviveKillDashNineAndLeaveInDueOrder() throws Exception {
        try (BrokerProcess broker = start()) {
            try (Connection connection = broker.connectionFactory().newConnection()) {
                Channel channel = connection.createChannel();
                channel.exchangeDeclare("later", "x-delayed-message", true, false, Map.of("x-delayed-type", "direct"));
                channel.queueDeclare("jobs", true, false, false, null);
                channel.queueBind("jobs", "later", "jobs");
                channel.confirmSelect();
                publish(channel, "later", "jobs", 1_500, "a");
                publish(channel, "later", "jobs", 1_000, "b");
                publish(channel, "later", "jobs", 600_000, "in ten minutes");
                publish(channel, "later", "jobs", 1_500, "d");
                channel.waitForConfirmsOrDie(10_000);
                assertThat(channel.messageCount("jobs")).isZero();
            }
            broker.killDashNine();
        }
        try (BrokerProcess broker = start();
             Connection connection = broker.connectionFactory().newConnection()) {
            Channel channel = connection.createChannel();
            await().atMost(Duration.ofSeconds(20)).until(() -> channel.messageCount("jobs") == 3);
            List<String> bodies = new ArrayList<>();
            List<Object> delays = new ArrayList<>();
            GetResponse response;
            while ((response = channel.basicGet("jobs", true)) != null) {
                bodies.add(new String(response.getBody(), StandardCharsets.UTF_8));
                delays.add(response.getProps().getHeaders().get("x-delay"));
            }
            assertThat(bodies).containsExactly("b", "a", "d");
            assertThat(delays).containsExactly(-1_000, -1_500, -1_500);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aRetryScheduleResumesAfterKillDashNine() throws Exception {
        try (BrokerProcess broker = start()) {
            try (Connection connection = broker.connectionFactory().newConnection()) {
                Channel channel = connection.createChannel();
                channel.queueDeclare("emails", true, false, false, Map.of("x-retry-delays", List.of(1_000, 1_500)));
                channel.confirmSelect();
                channel.basicPublish("", "emails", new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                        "send me".getBytes(StandardCharsets.UTF_8));
                channel.waitForConfirmsOrDie(10_000);
                GetResponse first = channel.basicGet("emails", false);
                channel.basicReject(first.getEnvelope().getDeliveryTag(), false);
                assertThat(channel.messageCount("emails")).isZero(); // after the reject, on the same channel
            }
            broker.killDashNine();
        }
        try (BrokerProcess broker = start()) {
            try (Connection connection = broker.connectionFactory().newConnection()) {
                Channel channel = connection.createChannel();
                GetResponse retried = awaitMessage(channel, "emails");
                assertThat(retried.getEnvelope().isRedeliver()).isTrue();
                assertThat(retried.getProps().getHeaders().get("x-retry-count")).isEqualTo(1);
                channel.basicReject(retried.getEnvelope().getDeliveryTag(), false);
                assertThat(channel.messageCount("emails")).isZero();
            }
            broker.killDashNine();
        }
        try (BrokerProcess broker = start();
             Connection connection = broker.connectionFactory().newConnection()) {
            Channel channel = connection.createChannel();
            GetResponse last = awaitMessage(channel, "emails");
            assertThat(last.getProps().getHeaders().get("x-retry-count")).isEqualTo(2);
            assertThat(last.getEnvelope().isRedeliver()).isTrue();
            // the schedule is used up: this reject is final
            channel.basicReject(last.getEnvelope().getDeliveryTag(), false);
            assertThat(channel.messageCount("emails")).isZero();
        }
    }

    private static GetResponse awaitMessage(Channel channel, String queue) {
        GetResponse[] got = new GetResponse[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> (got[0] = channel.basicGet(queue, false)) != null);
        return got[0];
    }

    private static void publish(Channel channel, String exchange, String routingKey, int delay, String body)
            throws Exception {
        channel.basicPublish(exchange, routingKey, new AMQP.BasicProperties.Builder().deliveryMode(2)
                .headers(Map.of("x-delay", delay)).build(), body.getBytes(StandardCharsets.UTF_8));
    }

    private BrokerProcess start() throws Exception {
        return BrokerProcess.start(tmp.resolve("data"), tmp.resolve("broker.log"), JVM, List.of());
    }
}
