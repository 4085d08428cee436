package dev.spool.it.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.spool.it.support.BrokerProcess;
import dev.spool.server.SpoolConfig;
import dev.spool.server.SpoolServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deduplication window of a durable queue or exchange survives a restart, a {@code kill -9} included: keys are
 * in the owner's deduplication log before the message is confirmed, so a publisher that retries after the crash does
 * not create a copy, even when the first copy was consumed before the crash. The log is compacted as it grows and
 * deleted with its owner.
 */
class DeduplicationRestartTest {
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path tmp;

    @Test
    void windowsOfDurableQueuesAndExchangesSurviveKillDashNine() throws Exception {
        try (BrokerProcess broker = start()) {
            Connection connection = broker.connectionFactory().newConnection();
            Channel channel = connection.createChannel();
            channel.queueDeclare("orders", true, false, false, Map.of("x-message-deduplication", true,
                    "x-cache-size", 1_000));
            channel.queueDeclare("small", true, false, false, Map.of("x-message-deduplication", true,
                    "x-cache-size", 10));
            channel.exchangeDeclare("events", "fanout", true, false, Map.of("x-message-deduplication", true));
            channel.queueDeclare("events-log", true, false, false, null);
            channel.queueBind("events-log", "events", "");
            channel.confirmSelect();
            for (int i = 0; i < 100; i++) {
                channel.basicPublish("", "orders", persistentWithId("order-" + i), bytes("order " + i));
            }
            for (int i = 0; i < 3_000; i++) { // enough records to compact the small window's log a few times
                channel.basicPublish("", "small", persistentWithId("s-" + i), bytes("s"));
            }
            for (int i = 0; i < 50; i++) {
                channel.basicPublish("events", "", persistentWithHeader("event-" + i), bytes("event " + i));
            }
            channel.waitForConfirmsOrDie(30_000);
            channel.queuePurge("orders"); // the window must not depend on the messages still being there
            channel.queuePurge("small");
            broker.killDashNine();
            connection.abort();
        }

        try (BrokerProcess broker = start(); Connection connection = broker.connectionFactory().newConnection()) {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            for (int i = 0; i < 100; i++) {
                channel.basicPublish("", "orders", persistentWithId("order-" + i), bytes("retry " + i));
            }
            channel.basicPublish("", "orders", persistentWithId("order-100"), bytes("new"));
            for (int i = 2_990; i < 3_000; i++) {
                channel.basicPublish("", "small", persistentWithId("s-" + i), bytes("retry"));
            }
            channel.basicPublish("", "small", persistentWithId("s-2989"), bytes("evicted before the crash"));
            for (int i = 0; i < 50; i++) {
                channel.basicPublish("events", "", persistentWithHeader("event-" + i), bytes("retry " + i));
            }
            channel.basicPublish("events", "", persistentWithHeader("event-50"), bytes("event 50"));
            channel.waitForConfirmsOrDie(30_000);

            assertThat(channel.queueDeclarePassive("orders").getMessageCount()).isEqualTo(1);
            assertThat(text(channel.basicGet("orders", true).getBody())).isEqualTo("new");
            assertThat(channel.queueDeclarePassive("small").getMessageCount()).isEqualTo(1);
            assertThat(text(channel.basicGet("small", true).getBody())).isEqualTo("evicted before the crash");
            assertThat(channel.queueDeclarePassive("events-log").getMessageCount())
                    .as("50 kept from before the crash, the retries dropped by the exchange, one new").isEqualTo(51);
        }
        try (Stream<Path> logs = Files.walk(tmp.resolve("data").resolve("dedup"))) {
            assertThat(logs.filter(p -> p.toString().endsWith(".dedup")).count())
                    .as("one log per deduplicating durable queue and exchange").isEqualTo(3);
        }
    }

    @Test
    void cleanRestartKeepsTheWindowAndDeletingTheQueueForgetsIt() throws Exception {
        Path data = tmp.resolve("in-process");
        SpoolServer server = startInProcess(data);
        try (Connection connection = connect(server)) {
            Channel channel = connection.createChannel();
            channel.queueDeclare("payments", true, false, false, Map.of("x-message-deduplication", true));
            channel.queueDeclare("transient-dedup", false, false, false, Map.of("x-message-deduplication", true));
            channel.confirmSelect();
            channel.basicPublish("", "payments", persistentWithHeader("p-1"), bytes("one"));
            channel.basicPublish("", "transient-dedup", persistentWithHeader("p-1"), bytes("one"));
            channel.waitForConfirmsOrDie(10_000);
            assertThat(dedupLogs(data)).as("only the durable queue keeps a log").hasSize(1);
        } finally {
            server.close();
        }

        server = startInProcess(data);
        try (Connection connection = connect(server)) {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            channel.basicPublish("", "payments", persistentWithHeader("p-1"), bytes("retry"));
            channel.waitForConfirmsOrDie(10_000);
            assertThat(channel.queueDeclarePassive("payments").getMessageCount()).isEqualTo(1);

            channel.queueDelete("payments");
            assertThat(dedupLogs(data)).as("deleted with its queue").isEmpty();
            channel.queueDeclare("payments", true, false, false, Map.of("x-message-deduplication", true));
            channel.basicPublish("", "payments", persistentWithHeader("p-1"), bytes("new queue, new window"));
            channel.waitForConfirmsOrDie(10_000);
            assertThat(channel.queueDeclarePassive("payments").getMessageCount()).isEqualTo(1);
        } finally {
            server.close();
        }
    }

    private BrokerProcess start() throws IOException {
        return BrokerProcess.start(tmp.resolve("data"), tmp.resolve("broker.log"), JVM, List.of());
    }

    private static SpoolServer startInProcess(Path data) {
        return SpoolServer.start(SpoolConfig.defaults().withAmqpHost("127.0.0.1").withAmqpPort(0).withHttpPort(0)
                .withIoThreads(1).withDataDir(data));
    }

    private static Connection connect(SpoolServer server) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(server.amqpPort());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setShutdownTimeout(0);
        return factory.newConnection();
    }

    private static List<Path> dedupLogs(Path data) throws IOException {
        Path root = data.resolve("dedup");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".dedup")).toList();
        }
    }

    private static AMQP.BasicProperties persistentWithId(String messageId) {
        return new AMQP.BasicProperties.Builder().deliveryMode(2).messageId(messageId).build();
    }

    private static AMQP.BasicProperties persistentWithHeader(String key) {
        return new AMQP.BasicProperties.Builder().deliveryMode(2)
                .headers(Map.of("x-deduplication-header", key)).build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
