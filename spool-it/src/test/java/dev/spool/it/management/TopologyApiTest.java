package dev.spool.it.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.spool.it.support.RunningBroker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Exchanges, bindings and virtual hosts through the API, with RabbitMQ's status codes. */
class TopologyApiTest {
    @RegisterExtension
    static final RunningBroker broker = RunningBroker.withDefaults();

    private ManagementHttp api;

    @BeforeEach
    void client() {
        api = new ManagementHttp(broker.httpUrl(), "guest", "guest");
    }

    @Test
    void exchangeDeclareIs201Then204AndDeletingASystemExchangeIsRefused() {
        String body = "{\"type\":\"direct\",\"durable\":true,\"arguments\":{\"alternate-exchange\":\"amq.fanout\"}}";

        assertThat(api.put("/api/exchanges/%2F/orders", body).status()).isEqualTo(201);
        assertThat(api.put("/api/exchanges/%2F/orders", body).status()).isEqualTo(204);
        JsonNode exchange = api.get("/api/exchanges/%2F/orders").json();
        assertThat(exchange.get("type").asText()).isEqualTo("direct");
        assertThat(exchange.at("/arguments/alternate-exchange").asText()).isEqualTo("amq.fanout");
        assertThat(api.get("/api/exchanges/%2F/amq.default").json().get("name").asText()).isEmpty();
        assertThat(api.delete("/api/exchanges/%2F/amq.direct").status()).isEqualTo(403);
        assertThat(api.put("/api/exchanges/%2F/bad", "{\"type\":\"nonsense\"}").status()).isEqualTo(400);
        assertThat(api.delete("/api/exchanges/%2F/orders").status()).isEqualTo(204);
        assertThat(api.get("/api/exchanges/%2F/orders").status()).isEqualTo(404);
    }

    @Test
    void bindingIsCreatedListedAndDeletedByItsPropertiesKey() {
        api.put("/api/exchanges/%2F/headers-x", "{\"type\":\"headers\"}");
        api.put("/api/queues/%2F/bound", "{}");

        ManagementHttp.Reply created = api.post("/api/bindings/%2F/e/headers-x/q/bound",
                "{\"routing_key\":\"rk\",\"arguments\":{\"x-match\":\"any\",\"kind\":\"refund\"}}");

        assertThat(created.status()).isEqualTo(201);
        String key = created.header("Location");
        JsonNode listed = api.get("/api/bindings/%2F/e/headers-x/q/bound").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("properties_key").asText()).isEqualTo(key);
        assertThat(listed.get(0).at("/arguments/kind").asText()).isEqualTo("refund");
        assertThat(api.get("/api/queues/%2F/bound/bindings").json()).extracting(b -> b.get("source").asText())
                .containsExactlyInAnyOrder("", "headers-x");
        assertThat(api.get("/api/exchanges/%2F/headers-x/bindings/source").json()).hasSize(1);

        assertThat(api.delete("/api/bindings/%2F/e/headers-x/q/bound/" + key).status()).isEqualTo(204);
        assertThat(api.get("/api/bindings/%2F/e/headers-x/q/bound").json()).isEmpty();
        assertThat(api.delete("/api/bindings/%2F/e/headers-x/q/bound/" + key).status()).isEqualTo(404);
    }

    @Test
    void exchangeToExchangeBindingsUseTheEPath() {
        api.put("/api/exchanges/%2F/up", "{\"type\":\"topic\"}");
        api.put("/api/exchanges/%2F/down", "{\"type\":\"fanout\"}");

        assertThat(api.post("/api/bindings/%2F/e/up/e/down", "{\"routing_key\":\"a.#\"}").status()).isEqualTo(201);

        JsonNode binding = api.get("/api/bindings/%2F/e/up/e/down").json().get(0);
        assertThat(binding.get("destination_type").asText()).isEqualTo("exchange");
        assertThat(binding.get("properties_key").asText()).isEqualTo("a.%23");
        assertThat(api.delete("/api/bindings/%2F/e/up/e/down/a.%2523").status()).isEqualTo(204);
    }

    @Test
    void deletingAVhostClosesItsConnectionsAndDropsItsQueues() throws Exception {
        assertThat(api.put("/api/vhosts/doomed%2Fvhost", "{\"description\":\"short-lived\",\"tags\":\"a,b\"}")
                .status()).isEqualTo(201);
        JsonNode vhost = api.get("/api/vhosts/doomed%2Fvhost").json();
        assertThat(vhost.get("name").asText()).isEqualTo("doomed/vhost");
        assertThat(vhost.get("tags")).extracting(JsonNode::asText).containsExactly("a", "b");
        api.put("/api/queues/doomed%2Fvhost/q", "{}");
        ConnectionFactory factory = broker.connectionFactory();
        factory.setVirtualHost("doomed/vhost");
        Connection connection = broker.newConnection(factory);
        CompletableFuture<Integer> closedWith = new CompletableFuture<>();
        connection.addShutdownListener(signal -> closedWith.complete(
                ((com.rabbitmq.client.AMQP.Connection.Close) signal.getReason()).getReplyCode()));

        assertThat(api.delete("/api/vhosts/doomed%2Fvhost").status()).isEqualTo(204);

        assertThat(closedWith.get(10, TimeUnit.SECONDS)).isEqualTo(320);
        assertThat(broker.server().broker().vhost("doomed/vhost")).isNull();
        assertThat(api.get("/api/vhosts/doomed%2Fvhost").status()).isEqualTo(404);
        await().until(() -> api.get("/api/connections").json().size() == 0);
    }

    @Test
    void unknownPathIs404AndAWrongMethodIs405() {
        assertThat(api.get("/api/no-such-thing").status()).isEqualTo(404);
        ManagementHttp.Reply wrong = api.send("PATCH", "/api/overview", "{}");
        assertThat(wrong.status()).isEqualTo(405);
    }

    @Test
    void healthChecksAndOverviewAnswer() {
        assertThat(api.get("/api/health/checks/alarms").json().get("status").asText()).isEqualTo("ok");
        assertThat(api.get("/api/health/checks/port-listener/" + broker.port()).status()).isEqualTo(200);
        assertThat(api.get("/api/health/checks/port-listener/1").status()).isEqualTo(503);
        assertThat(api.get("/api/aliveness-test/%2F").json().get("status").asText()).isEqualTo("ok");
        JsonNode overview = api.get("/api/overview").json();
        assertThat(overview.get("product_name").asText()).isEqualTo("Spool");
        assertThat(overview.at("/object_totals/queues").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(overview.get("listeners")).extracting(l -> l.get("port").asInt())
                .contains(broker.port(), broker.httpPort());
        JsonNode node = api.get("/api/nodes").json().get(0);
        assertThat(node.get("name").asText()).isEqualTo(overview.get("node").asText());
        assertThat(node.get("mem_used").asLong()).isPositive();
        assertThat(node.get("disk_free").asLong()).isPositive();
    }
}
