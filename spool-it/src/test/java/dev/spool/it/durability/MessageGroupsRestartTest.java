package dev.spool.it.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.spool.server.SpoolConfig;
import dev.spool.server.SpoolServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages of a grouped queue recovered after a restart are read back into their groups: a group still goes to one
 * consumer at a time. The broker keeps no body in memory, so the groups come from the stored records.
 */
class MessageGroupsRestartTest {
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
    void recoveredMessagesKeepTheirGroups() throws Exception {
        server = start();
        try (Connection connection = connect()) {
            Channel channel = connection.createChannel();
            channel.queueDeclare("grouped", true, false, false, Map.of("x-group-header", "customer"));
            for (String text : List.of("a:1", "b:1", "a:2", "b:2", "a:3")) {
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().deliveryMode(2)
                        .headers(Map.of("customer", text.substring(0, 1))).build();
                channel.basicPublish("", "grouped", properties, text.getBytes(StandardCharsets.UTF_8));
            }
        }
        server.close();
        server = start();

        try (Connection connection = connect()) {
            Channel ownerChannel = connection.createChannel();
            ownerChannel.basicQos(1);
            List<String> owner = new CopyOnWriteArrayList<>();
            ownerChannel.basicConsume("grouped", false, (tag, d) -> owner.add(new String(d.getBody(),
                    StandardCharsets.UTF_8)), tag -> { });
            await().atMost(Duration.ofSeconds(5)).until(() -> owner.size() == 1);
            assertThat(owner).containsExactly("a:1");

            Channel otherChannel = connection.createChannel();
            List<String> other = new CopyOnWriteArrayList<>();
            otherChannel.basicConsume("grouped", true, (tag, d) -> other.add(new String(d.getBody(),
                    StandardCharsets.UTF_8)), tag -> { });
            await().atMost(Duration.ofSeconds(5)).until(() -> other.size() == 2);
            assertThat(other).containsExactly("b:1", "b:2");
            assertThat(ownerChannel.queueDeclarePassive("grouped").getMessageCount())
                    .as("a:2 and a:3 wait for a's owner").isEqualTo(2);
        }
    }

    private SpoolServer start() {
        return SpoolServer.start(SpoolConfig.defaults().withAmqpHost("127.0.0.1").withAmqpPort(0).withHttpPort(0)
                .withIoThreads(1).withQueueMemoryBudget(0).withDataDir(dataDir));
    }

    private Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(server.amqpPort());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setShutdownTimeout(0);
        return factory.newConnection();
    }
}
