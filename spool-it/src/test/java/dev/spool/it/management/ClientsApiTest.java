package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.AMQImpl;
import dev.spool.it.support.RunningBroker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/connections}, {@code /api/channels}, {@code /api/consumers}, and closing a connection. */
class ClientsApiTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private ManagementHttp api;

    @BeforeEach
    void client() {
        api = new ManagementHttp(broker.httpUrl(), "guest", "guest");
    }

    private Connection namedConnection(String name) {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setClientProperties(Map.of("connection_name", name, "product", "test-client"));
        return broker.newConnection(factory);
    }

    private JsonNode connectionNamed(String providedName) {
        for (JsonNode connection : api.get("/api/connections").json()) {
            if (providedName.equals(connection.get("user_provided_name").asText())) {
                return connection;
            }
        }
        throw new AssertionError("no connection named " + providedName);
    }

    @Test
    void openConnectionIsListedWithItsUserVhostPeerAndClientProperties() throws Exception {
        Connection connection = namedConnection("listed");
        connection.createChannel();

        JsonNode c = connectionNamed("listed");

        assertThat(c.get("user").asText()).isEqualTo("guest");
        assertThat(c.get("vhost").asText()).isEqualTo("/");
        assertThat(c.get("protocol").asText()).isEqualTo("AMQP 0-9-1");
        assertThat(c.get("peer_host").asText()).isEqualTo("127.0.0.1");
        assertThat(c.get("port").asInt()).isEqualTo(broker.port());
        assertThat(c.get("channels").asInt()).isEqualTo(1);
        assertThat(c.at("/client_properties/product").asText()).isEqualTo("test-client");
        assertThat(c.get("name").asText()).isEqualTo("127.0.0.1:" + c.get("peer_port").asInt() + " -> 127.0.0.1:"
                + broker.port());
    }

    @Test
    void deletingAConnectionClosesItWith320AndTheGivenReason() throws Exception {
        Connection connection = namedConnection("doomed");
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        connection.addShutdownListener(closed::complete);
        String name = URLEncoder.encode(connectionNamed("doomed").get("name").asText(), StandardCharsets.UTF_8)
                .replace("+", "%20");

        ManagementHttp.Reply reply = api.send("DELETE", "/api/connections/" + name, null, "X-Reason", "maintenance");

        assertThat(reply.status()).isEqualTo(204);
        ShutdownSignalException signal = closed.get(10, TimeUnit.SECONDS);
        AMQImpl.Connection.Close close = (AMQImpl.Connection.Close) signal.getReason();
        assertThat(close.getReplyCode()).isEqualTo(320);
        assertThat(close.getReplyText()).isEqualTo("CONNECTION_FORCED - maintenance");
        await().until(() -> api.get("/api/connections").json().findValues("user_provided_name").stream()
                .noneMatch(n -> n.asText().equals("doomed")));
    }

    @Test
    void channelsAndConsumersShowPrefetchModesAndCounters() throws Exception {
        Connection connection = namedConnection("consuming");
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicQos(7);
        channel.confirmSelect();
        channel.basicConsume(queue, false, "ctag-1", (tag, delivery) -> { }, tag -> { });
        channel.basicPublish("", queue, null, "x".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5000);
        await().until(() -> broker.existingQueue(queue).unackedCount() == 1);

        JsonNode ch = null;
        for (JsonNode candidate : api.get("/api/channels").json()) {
            if (candidate.at("/connection_details/name").asText().equals(connectionNamed("consuming").get("name")
                    .asText())) {
                ch = candidate;
            }
        }
        assertThat(ch).isNotNull();
        assertThat(ch.get("prefetch_count").asInt()).isEqualTo(7);
        assertThat(ch.get("confirm").asBoolean()).isTrue();
        assertThat(ch.get("consumer_count").asInt()).isEqualTo(1);
        assertThat(ch.get("messages_unacknowledged").asInt()).isEqualTo(1);
        assertThat(ch.at("/message_stats/publish").asLong()).isEqualTo(1);
        assertThat(ch.at("/message_stats/confirm").asLong()).isEqualTo(1);
        assertThat(ch.at("/message_stats/deliver").asLong()).isEqualTo(1);

        JsonNode consumers = api.get("/api/consumers/%2F").json();
        JsonNode consumer = null;
        for (JsonNode candidate : consumers) {
            if (candidate.get("consumer_tag").asText().equals("ctag-1")) {
                consumer = candidate;
            }
        }
        assertThat(consumer).isNotNull();
        assertThat(consumer.at("/queue/name").asText()).isEqualTo(queue);
        assertThat(consumer.get("ack_required").asBoolean()).isTrue();
        assertThat(consumer.get("prefetch_count").asInt()).isEqualTo(7);
        assertThat(consumer.at("/channel_details/user").asText()).isEqualTo("guest");
    }

    @Test
    void closedConnectionsLeaveTheList() throws Exception {
        Connection connection = namedConnection("short-lived");
        connectionNamed("short-lived");

        connection.close();

        await().until(() -> api.get("/api/connections").json().findValues("user_provided_name").stream()
                .noneMatch(n -> n.asText().equals("short-lived")));
        try {
            connection.createChannel();
        } catch (AlreadyClosedException expected) {
            // closed, as it should be
        }
    }
}
