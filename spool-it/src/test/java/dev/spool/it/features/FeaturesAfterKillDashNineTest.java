package dev.spool.it.features;

import static dev.spool.it.features.Queues.deadLettersTo;
import static dev.spool.it.features.Queues.firstDeath;
import static dev.spool.it.features.Queues.header;
import static dev.spool.it.features.Queues.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.BrokerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery counts, message expiry and dead letters already routed survive a {@code kill -9}: a broker in its own JVM is
 * killed and started again on the same data directory.
 */
class FeaturesAfterKillDashNineTest {
    private static final List<String> JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final AMQP.BasicProperties PERSISTENT = new AMQP.BasicProperties.Builder().deliveryMode(2).build();

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void deliveryCountsSurviveAndAMessageOverItsLimitIsDeadLetteredAtStart() throws Exception {
        try (BrokerProcess broker = start()) {
            Connection connection = broker.connectionFactory().newConnection();
            try {
                Channel channel = connection.createChannel();
                channel.queueDeclare("counted-dead", true, false, false, null);
                channel.queueDeclare("counted", true, false, false, Map.of("x-delivery-limit", 5));
                channel.queueDeclare("limited", true, false, false,
                        with(deadLettersTo("counted-dead"), "x-delivery-limit", 0));
                publishConfirmed(channel, "counted", "counted");
                publishConfirmed(channel, "limited", "limited");
                for (int i = 0; i < 2; i++) {
                    GetResponse got = channel.basicGet("counted", false);
                    channel.basicReject(got.getEnvelope().getDeliveryTag(), true);
                }
                assertThat(header(channel.basicGet("counted", false), "x-delivery-count")).isEqualTo(2L);
                assertThat(channel.basicGet("limited", false)).isNotNull();
                broker.killDashNine();
            } finally {
                connection.abort();
            }
        }
        try (BrokerProcess broker = start(); Connection connection = broker.connectionFactory().newConnection()) {
            Channel channel = connection.createChannel();
            GetResponse again = channel.basicGet("counted", true);
            assertThat(again.getEnvelope().isRedeliver()).isTrue();
            assertThat(header(again, "x-delivery-count")).as("3 failed deliveries before the restart").isEqualTo(3L);
            assertThat(channel.basicGet("limited", true)).as("over its limit of 0 after one failed delivery").isNull();
            GetResponse deadLetter = channel.basicGet("counted-dead", true);
            assertThat(deadLetter).isNotNull();
            assertThat(firstDeath(deadLetter)).containsEntry("reason", "delivery_limit")
                    .containsEntry("queue", "limited");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void expiryIsRecomputedAfterARestartAndDeadLettersAlreadyRoutedStay() throws Exception {
        try (BrokerProcess broker = start()) {
            Connection connection = broker.connectionFactory().newConnection();
            try {
                Channel channel = connection.createChannel();
                channel.queueDeclare("expiring-dead", true, false, false, null);
                channel.queueDeclare("expiring", true, false, false,
                        with(deadLettersTo("expiring-dead"), "x-message-ttl", 600_000));
                channel.confirmSelect();
                channel.basicPublish("", "expiring", new AMQP.BasicProperties.Builder().deliveryMode(2)
                        .expiration("1000").build(), "soon".getBytes(StandardCharsets.UTF_8));
                channel.basicPublish("", "expiring", PERSISTENT, "queue ttl".getBytes(StandardCharsets.UTF_8));
                channel.basicPublish("", "expiring", PERSISTENT, "rejected".getBytes(StandardCharsets.UTF_8));
                channel.waitForConfirmsOrDie(10_000);
                GetResponse soon = channel.basicGet("expiring", false);
                channel.basicReject(soon.getEnvelope().getDeliveryTag(), true); // back, keeping its expiry
                await().atMost(Duration.ofSeconds(5)).until(() -> channel.messageCount("expiring") == 3);
                GetResponse first = channel.basicGet("expiring", false);
                GetResponse second = channel.basicGet("expiring", false);
                GetResponse third = channel.basicGet("expiring", false);
                assertThat(body(third)).isEqualTo("rejected");
                channel.basicReject(third.getEnvelope().getDeliveryTag(), false);
                await().atMost(Duration.ofSeconds(5)).until(() -> channel.messageCount("expiring-dead") == 1);
                assertThat(body(first)).isEqualTo("soon");
                assertThat(body(second)).isEqualTo("queue ttl");
                broker.killDashNine();
            } finally {
                connection.abort();
            }
        }
        try (BrokerProcess broker = start(); Connection connection = broker.connectionFactory().newConnection()) {
            Channel channel = connection.createChannel();
            await().atMost(Duration.ofSeconds(10)).until(() -> channel.messageCount("expiring-dead") == 2);
            GetResponse rejected = channel.basicGet("expiring-dead", true);
            assertThat(body(rejected)).isEqualTo("rejected");
            assertThat(firstDeath(rejected)).containsEntry("reason", "rejected");
            GetResponse expired = channel.basicGet("expiring-dead", true);
            assertThat(body(expired)).isEqualTo("soon");
            assertThat(firstDeath(expired)).containsEntry("reason", "expired")
                    .containsEntry("original-expiration", "1000");
            GetResponse kept = channel.basicGet("expiring", true);
            assertThat(body(kept)).isEqualTo("queue ttl");
            assertThat(channel.basicGet("expiring", true)).isNull();
        }
    }

    private static void publishConfirmed(Channel channel, String queue, String body) throws Exception {
        channel.confirmSelect();
        channel.basicPublish("", queue, PERSISTENT, body.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(10_000);
    }

    private static String body(GetResponse response) {
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }

    private BrokerProcess start() throws Exception {
        return BrokerProcess.start(tmp.resolve("data"), tmp.resolve("broker.log"), JVM, List.of());
    }
}
