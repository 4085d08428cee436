package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.http.client.Client;
import com.rabbitmq.http.client.ClientParameters;
import com.rabbitmq.http.client.GetAckMode;
import com.rabbitmq.http.client.GetEncoding;
import com.rabbitmq.http.client.JdkHttpClientHttpLayer;
import com.rabbitmq.http.client.domain.BindingInfo;
import com.rabbitmq.http.client.domain.ExchangeInfo;
import com.rabbitmq.http.client.domain.InboundMessage;
import com.rabbitmq.http.client.domain.OutboundMessage;
import com.rabbitmq.http.client.domain.OverviewResponse;
import com.rabbitmq.http.client.domain.PolicyInfo;
import com.rabbitmq.http.client.domain.QueueInfo;
import com.rabbitmq.http.client.domain.UserPermissions;
import dev.spool.it.support.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RabbitMQ's own Java management client ({@code com.rabbitmq:http-client}, on its JDK HTTP client layer) drives Spool
 * as it drives RabbitMQ: what it parses and the calls it makes must work unchanged.
 */
class RabbitMqHttpClientTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private Client client;

    @BeforeEach
    void client() throws Exception {
        client = new Client(new ClientParameters().url(broker.httpUrl() + "/api/").username("guest")
                .password("guest").httpLayerFactory(JdkHttpClientHttpLayer.configure().create()));
    }

    @Test
    void overviewReportsTheNodeAndObjectTotals() {
        OverviewResponse overview = client.getOverview();

        assertThat(overview.getNode()).startsWith("spool@");
        assertThat(overview.getServerVersion()).isEqualTo("3.13.7");
        assertThat(overview.getObjectTotals().getExchanges()).isGreaterThanOrEqualTo(6);
        assertThat(client.whoAmI().getName()).isEqualTo("guest");
        assertThat(client.alivenessTest("/")).isTrue();
    }

    @Test
    void declaresListsPurgesAndDeletesQueues() throws Exception {
        client.declareQueue("/", "hc-queue", new QueueInfo(true, false, false));
        Channel channel = broker.newChannel();
        for (int i = 0; i < 4; i++) {
            channel.basicPublish("", "hc-queue", null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        await().until(() -> broker.existingQueue("hc-queue").messageCount() == 4);

        QueueInfo info = client.getQueue("/", "hc-queue");
        assertThat(info.getName()).isEqualTo("hc-queue");
        assertThat(info.isDurable()).isTrue();
        assertThat(info.getMessagesReady()).isEqualTo(4);
        assertThat(client.getQueues("/")).extracting(QueueInfo::getName).contains("hc-queue");

        List<InboundMessage> got = client.get("/", "hc-queue", 2, GetAckMode.NACK_REQUEUE_TRUE, GetEncoding.AUTO);
        assertThat(got).extracting(InboundMessage::getPayload).containsExactly("m0", "m1");
        assertThat(broker.existingQueue("hc-queue").messageCount()).isEqualTo(4);

        client.purgeQueue("/", "hc-queue");
        assertThat(broker.existingQueue("hc-queue").messageCount()).isZero();
        client.deleteQueue("/", "hc-queue");
        assertThat(broker.queue("hc-queue")).isNull();
        assertThat(client.getQueue("/", "hc-queue")).isNull();
    }

    @Test
    void declaresExchangesBindsAndPublishes() {
        client.declareExchange("/", "hc-events", new ExchangeInfo("topic", true, false));
        client.declareQueue("/", "hc-sink", new QueueInfo(false, false, false));
        client.bindQueue("/", "hc-sink", "hc-events", "a.#");

        List<BindingInfo> bindings = client.getQueueBindingsBetween("/", "hc-events", "hc-sink");
        assertThat(bindings).extracting(BindingInfo::getRoutingKey).containsExactly("a.#");
        assertThat(client.getExchanges()).extracting(ExchangeInfo::getName).contains("hc-events", "amq.topic", "");

        OutboundMessage message = new OutboundMessage().payload("hello").utf8Encoded();
        assertThat(client.publish("/", "hc-events", "a.b", message)).isTrue();
        assertThat(client.publish("/", "hc-events", "z", message)).isFalse();
        assertThat(broker.existingQueue("hc-sink").messageCount()).isEqualTo(1);

        client.unbindQueue("/", "hc-sink", "hc-events", "a.#");
        assertThat(client.getQueueBindingsBetween("/", "hc-events", "hc-sink")).isEmpty();
    }

    @Test
    void managesVhostsUsersPermissionsAndPolicies() throws Exception {
        client.createVhost("hc-vhost");
        client.createUser("hc-user", "pw".toCharArray(), List.of("management"));
        client.updatePermissions("hc-vhost", "hc-user", new UserPermissions(".*", ".*", ".*"));
        PolicyInfo policy = new PolicyInfo("^lim", 1, "queues", Map.of("max-length", 10));
        client.declarePolicy("hc-vhost", "limits", policy);

        assertThat(client.getVhosts()).extracting(v -> v.getName()).contains("/", "hc-vhost");
        assertThat(client.getUsers()).extracting(u -> u.getName()).contains("hc-user");
        assertThat(client.getPermissions()).anySatisfy(p -> {
            assertThat(p.getUser()).isEqualTo("hc-user");
            assertThat(p.getVhost()).isEqualTo("hc-vhost");
        });
        assertThat(client.getPolicies()).extracting(PolicyInfo::getName).contains("limits");
        assertThat(client.getDefinitions().getQueues()).isNotNull();

        client.deleteUser("hc-user");
        assertThat(client.getUsers()).extracting(u -> u.getName()).doesNotContain("hc-user");
    }

    @Test
    void listsAndClosesConnections() throws Exception {
        broker.newChannel();

        await().until(() -> !client.getConnections().isEmpty());
        String name = client.getConnections().get(0).getName();
        assertThat(client.getChannels()).isNotEmpty();
        client.closeConnection(name, "closed by test");

        await().until(() -> client.getConnections().isEmpty());
    }
}
