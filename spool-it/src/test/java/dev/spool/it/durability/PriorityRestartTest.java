package dev.spool.it.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.spool.it.support.BrokerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A priority queue's persistent messages come back after {@code kill -9} in priority order, queue order within a
 * priority, with the messages delivered before the kill (and not acked) back at their place, flagged redelivered.
 * The broker keeps no body in memory (zero budget), so the order comes from the recovered index alone.
 */
class PriorityRestartTest {
    private static final List<String> JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final String QUEUE = "prioritised";

    @TempDir
    Path tmp;

    private record Sent(String body, int priority, int order) {
    }

    private BrokerProcess start() throws Exception {
        return BrokerProcess.start(tmp.resolve("data"), tmp.resolve("broker.log"), JVM,
                List.of("--memory-queue-budget", "0"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void priorityOrderSurvivesKillDashNine() throws Exception {
        Random random = new Random(7);
        List<Sent> sent = new ArrayList<>();
        List<String> heldBeforeKill = new ArrayList<>();
        try (BrokerProcess broker = start()) {
            Connection connection = broker.connectionFactory().newConnection("publisher");
            Channel channel = connection.createChannel();
            channel.queueDeclare(QUEUE, true, false, false, Map.of("x-max-priority", 9));
            channel.confirmSelect();
            for (int i = 0; i < 300; i++) {
                int priority = random.nextInt(10);
                String body = "m" + i;
                channel.basicPublish("", QUEUE, new AMQP.BasicProperties.Builder().deliveryMode(2)
                        .priority(priority).build(), body.getBytes(StandardCharsets.UTF_8));
                sent.add(new Sent(body, priority, i));
            }
            channel.waitForConfirmsOrDie(10_000);
            // two deliveries taken and left unacknowledged when the broker dies
            for (int i = 0; i < 2; i++) {
                GetResponse response = channel.basicGet(QUEUE, false);
                heldBeforeKill.add(new String(response.getBody(), StandardCharsets.UTF_8));
            }
            broker.killDashNine();
        }
        List<String> expected = sent.stream()
                .sorted(Comparator.comparingInt(Sent::priority).reversed().thenComparingInt(Sent::order))
                .map(Sent::body).toList();
        assertThat(heldBeforeKill).containsExactlyElementsOf(expected.subList(0, 2));

        try (BrokerProcess broker = start(); Connection connection = broker.connectionFactory().newConnection()) {
            Channel channel = connection.createChannel();
            assertThat(channel.queueDeclarePassive(QUEUE).getMessageCount()).isEqualTo(300);
            channel.basicPublish("", QUEUE, new AMQP.BasicProperties.Builder().deliveryMode(2).priority(9).build(),
                    "after-restart".getBytes(StandardCharsets.UTF_8));
            List<String> drained = new ArrayList<>();
            List<Boolean> redelivered = new ArrayList<>();
            GetResponse response;
            while ((response = channel.basicGet(QUEUE, true)) != null) {
                drained.add(new String(response.getBody(), StandardCharsets.UTF_8));
                redelivered.add(response.getEnvelope().isRedeliver());
            }
            List<String> expectedAfter = new ArrayList<>(expected);
            int lastNine = (int) sent.stream().filter(s -> s.priority() == 9).count();
            expectedAfter.add(lastNine, "after-restart");
            assertThat(drained).containsExactlyElementsOf(expectedAfter);
            assertThat(redelivered.subList(0, 2)).containsExactly(true, true);
            assertThat(redelivered.subList(2, redelivered.size())).containsOnly(false);
        }
    }
}
