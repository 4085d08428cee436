package dev.spool.it.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.ShutdownSignalException;
import dev.spool.engine.auth.Permission;
import dev.spool.server.SpoolConfig;
import dev.spool.server.SpoolServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker stopped and started again on its data directory keeps its durable exchanges, queues, bindings, users and
 * permissions and the persistent messages of its durable queues, and drops everything else, as RabbitMQ does.
 */
class RestartTest {
    private static final int NOT_FOUND = 404;
    private static final int PRECONDITION_FAILED = 406;

    @TempDir
    Path dataDir;

    private SpoolServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void durableDefinitionsAndPersistentMessagesSurviveARestartAndTheRestIsGone() throws Exception {
        server = start();
        try (Connection connection = connect("guest", "guest")) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare("orders", "topic", true);
            channel.exchangeDeclare("scratch", "fanout", false);
            channel.exchangeDeclare("audit", "fanout", true);
            channel.queueDeclare("kept", true, false, false, Map.of("x-message-ttl", 60_000));
            channel.queueDeclare("dropped", false, false, false, null);
            channel.queueDeclare("audit-log", true, false, false, null);
            channel.queueBind("kept", "orders", "eu.*");
            channel.queueBind("dropped", "orders", "eu.*");
            channel.exchangeBind("audit", "orders", "#");
            channel.queueBind("audit-log", "audit", "");
            channel.basicPublish("orders", "eu.paris", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("persistent"));
            channel.basicPublish("orders", "eu.rome", MessageProperties.TEXT_PLAIN, bytes("transient"));
        }
        server.broker().users().add("alice", "s3cret", Set.of());
        server.broker().users().setPermission("alice", "/", Permission.ALL);
        server.close();

        server = start();

        try (Connection connection = connect("alice", "s3cret")) {
            Channel channel = connection.createChannel();
            assertThat(channel.queueDeclarePassive("kept").getMessageCount()).isEqualTo(1);
            assertThat(channel.queueDeclarePassive("audit-log").getMessageCount()).isEqualTo(1);
            channel.exchangeDeclarePassive("orders");
            channel.exchangeDeclarePassive("audit");
            assertThat(text(channel.basicGet("kept", true))).isEqualTo("persistent");

            channel.basicPublish("orders", "eu.berlin", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("routed"));
            assertThat(text(channel.basicGet("kept", true))).as("bindings survived").isEqualTo("routed");
            assertThat(channel.queueDeclarePassive("audit-log").getMessageCount())
                    .as("exchange-to-exchange binding survived").isEqualTo(2);
            assertNotFound(connection, ch -> ch.queueDeclarePassive("dropped"));
            assertNotFound(connection, ch -> ch.exchangeDeclarePassive("scratch"));
        }
    }

    @Test
    void restoredQueueKeepsItsArgumentsForEquivalenceChecks() throws Exception {
        server = start();
        try (Connection connection = connect("guest", "guest")) {
            connection.createChannel().queueDeclare("ttl", true, false, false, Map.of("x-message-ttl", 60_000));
        }
        server.close();

        server = start();

        try (Connection connection = connect("guest", "guest")) {
            connection.createChannel().queueDeclare("ttl", true, false, false, Map.of("x-message-ttl", 60_000));
            Channel other = connection.createChannel();
            assertThatThrownBy(() -> other.queueDeclare("ttl", true, false, false, Map.of("x-message-ttl", 1)))
                    .hasCauseInstanceOf(ShutdownSignalException.class)
                    .satisfies(e -> assertThat(replyCode(e)).isEqualTo(PRECONDITION_FAILED));
        }
    }

    @Test
    void unackedMessagesComeBackRedeliveredAfterARestart() throws Exception {
        server = start();
        Connection client = connect("guest", "guest");
        Channel work = client.createChannel();
        work.queueDeclare("work", true, false, false, null);
        for (String body : new String[] {"one", "two", "three"}) {
            work.basicPublish("", "work", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes(body));
        }
        GetResponse one = work.basicGet("work", false);
        work.basicGet("work", false); // two: delivered, never acked
        work.basicAck(one.getEnvelope().getDeliveryTag(), false);
        work.queueDeclarePassive("work"); // the ack is processed
        server.close(); // with "two" still unacked
        client.abort();

        server = start();

        try (Connection connection = connect("guest", "guest")) {
            Channel channel = connection.createChannel();
            GetResponse two = channel.basicGet("work", true);
            GetResponse three = channel.basicGet("work", true);
            assertThat(text(two)).isEqualTo("two");
            assertThat(two.getEnvelope().isRedeliver()).isTrue();
            assertThat(text(three)).isEqualTo("three");
            assertThat(three.getEnvelope().isRedeliver()).isFalse();
            assertThat(channel.basicGet("work", true)).isNull();
        }
    }

    /** A channel operation expected to fail. */
    @FunctionalInterface
    private interface ChannelCall {
        void call(Channel channel) throws IOException;
    }

    private static void assertNotFound(Connection connection, ChannelCall call) throws IOException {
        Channel channel = connection.createChannel();
        assertThatThrownBy(() -> call.call(channel))
                .satisfies(e -> assertThat(replyCode(e)).isEqualTo(NOT_FOUND));
    }

    private static int replyCode(Throwable e) {
        ShutdownSignalException signal = (ShutdownSignalException) e.getCause();
        return ((AMQP.Channel.Close) signal.getReason()).getReplyCode();
    }

    private SpoolServer start() {
        return SpoolServer.start(SpoolConfig.defaults().withAmqpHost("127.0.0.1").withAmqpPort(0).withHttpPort(0)
                .withIoThreads(1).withDataDir(dataDir));
    }

    private Connection connect(String user, String password) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(server.amqpPort());
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setShutdownTimeout(0);
        return factory.newConnection();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(GetResponse response) {
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }
}
